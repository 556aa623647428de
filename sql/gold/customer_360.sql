-- gold.customer_360: one row per customer: identifiers, name, activity and orders.
with identity as (
    select * from gold.identity_map
),

identifiers as (
    select
        customer_id,
        sort_array(collect_set(case when id_type = 'email' then id_value end)) as emails,
        sort_array(collect_set(case when id_type = 'phone' then id_value end)) as phones,
        sort_array(collect_set(case when id_type = 'user_id' then id_value end)) as user_ids,
        sort_array(collect_set(case when id_type = 'crm_id' then id_value end)) as crm_ids,
        sort_array(collect_set(case when id_type = 'anonymous_id' then id_value end)) as anonymous_ids,
        count(*) as identifier_count
    from identity
    group by customer_id
),

events as (
    select
        coalesce(by_user.customer_id, by_anonymous.customer_id) as customer_id,
        events.event_type,
        events.first_name,
        events.last_name,
        events.occurred_at
    from silver.events as events
    left join identity as by_user
        on by_user.id_type = 'user_id'
        and by_user.id_value = events.user_id
    left join identity as by_anonymous
        on by_anonymous.id_type = 'anonymous_id'
        and by_anonymous.id_value = events.anonymous_id
),

activity as (
    select
        customer_id,
        count(*) as event_count,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        max_by(first_name, case when first_name is not null then occurred_at end) as traits_first_name,
        max_by(last_name, case when last_name is not null then occurred_at end) as traits_last_name
    from events
    where customer_id is not null
    group by customer_id
),

contacts as (
    select
        identity.customer_id,
        max_by(contacts.first_name, contacts.valid_from) as first_name,
        max_by(contacts.last_name, contacts.valid_from) as last_name,
        max_by(contacts.country_code, contacts.valid_from) as country_code,
        min(contacts.valid_from) as first_contact_at
    from silver.contacts as contacts
    inner join identity
        on identity.id_type = 'crm_id'
        and identity.id_value = contacts.contact_id
    where contacts.is_current
    group by identity.customer_id
),

orders as (
    select
        customer_id,
        count(*) as order_count,
        sum(revenue) as revenue,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at
    from gold.customer_orders
    where customer_id is not null
    group by customer_id
),

final as (
    select
        -- ids
        identifiers.customer_id,
        identifiers.emails,
        identifiers.phones,
        identifiers.user_ids,
        identifiers.crm_ids,
        identifiers.anonymous_ids,

        -- attributes
        coalesce(contacts.first_name, activity.traits_first_name) as first_name,
        coalesce(contacts.last_name, activity.traits_last_name) as last_name,
        contacts.country_code,

        -- metrics
        identifiers.identifier_count,
        coalesce(activity.event_count, 0) as event_count,
        coalesce(orders.order_count, 0) as order_count,
        coalesce(orders.revenue, cast(0 as decimal(28, 2))) as revenue,

        -- timestamps
        least(activity.first_seen_at, contacts.first_contact_at, orders.first_order_at) as first_seen_at,
        greatest(activity.last_seen_at, orders.last_order_at) as last_seen_at,
        orders.first_order_at,
        orders.last_order_at
    from identifiers
    left join activity
        on activity.customer_id = identifiers.customer_id
    left join contacts
        on contacts.customer_id = identifiers.customer_id
    left join orders
        on orders.customer_id = identifiers.customer_id
)

select * from final
