-- gold.customer_360: one row per customer. Identifiers by type; the golden record
-- (gold.customer_attributes, conf/profile.yaml: survivorship); orders, engagement and e-mail
-- figures; current consent per purpose and channel; RFM scores and segment and lifecycle stage
-- (conf/profile.yaml: rfm, lifecycle). Time-relative figures are as of session.as_of_date
-- (reporting.as-of, else the run's day). revenue is the sum of the customer's
-- gold.customer_orders.revenue, so the two reconcile. Computed for changed_customers (customer_360.yml).
with identity as (
    select id_type, id_value, customer_id from gold.identity_map
    where customer_id in (select customer_id from changed_customers)
),

identifiers as (
    select
        customer_id,
        sort_array(collect_set(case when id_type = 'email' then id_value end)) as emails,
        sort_array(collect_set(case when id_type = 'phone' then id_value end)) as phones,
        sort_array(collect_set(case when id_type = 'user_id' then id_value end)) as user_ids,
        sort_array(collect_set(case when id_type = 'crm_id' then id_value end)) as crm_ids,
        sort_array(collect_set(case when id_type = 'anonymous_id' then id_value end)) as anonymous_ids,
        count(*) as identifier_count,
        bool_or(c360_is_known_type(id_type)) as is_known
    from identity
    group by customer_id
),

golden as (
    select
        customer_id,
        max(case when attribute = 'email' then value end) as email,
        max(case when attribute = 'phone' then value end) as phone,
        max(case when attribute = 'first_name' then value end) as first_name,
        max(case when attribute = 'last_name' then value end) as last_name,
        try_cast(max(case when attribute = 'birth_date' then value end) as date) as birth_date,
        from_json(max(case when attribute = 'address' then value end),
            'street string, city string, postal_code string, country_code string') as address,
        max(case when attribute = 'country_code' then value end) as country_code,
        max(case when attribute = 'locale' then value end) as locale
    from gold.customer_attributes
    where customer_id in (select customer_id from changed_customers)
    group by customer_id
),

-- An order counts when it was neither cancelled nor refunded (a refund nets its revenue to 0).
-- days_since_last_order looks back from the as-of day only: with an as-of day in the past, later
-- orders are in the totals (which reconcile with customer_orders) but not in recency.
orders as (
    select
        customer_id,
        count_if(not is_refund and status not in ('cancelled', 'refunded')) as order_count,
        sum(revenue) as revenue,
        min(case when not is_refund and status not in ('cancelled', 'refunded') then ordered_at end) as first_order_at,
        max(case when not is_refund and status not in ('cancelled', 'refunded') then ordered_at end) as last_order_at,
        max(case
            when not is_refund and status not in ('cancelled', 'refunded')
                and to_date(ordered_at) <= session.as_of_date then ordered_at
        end) as last_order_by_as_of
    from gold.customer_orders
    where customer_id in (select customer_id from changed_customers)
    group by customer_id
),

category_revenue as (
    select
        orders.customer_id,
        items.category,
        sum(items.line_amount * fx_rates.rate_to_reporting) as revenue
    from gold.customer_orders as orders
    inner join silver.order_items as items
        on items.order_id = orders.order_id
    left join fx_rates
        on fx_rates.currency = items.currency
    where orders.customer_id in (select customer_id from changed_customers)
        and not orders.is_refund
        and orders.status not in ('cancelled', 'refunded')
        and items.category is not null
    group by orders.customer_id, items.category
),

top_categories as (
    select
        customer_id,
        transform(
            slice(sort_array(collect_list(struct(-coalesce(revenue, 0) as rank, category as category))), 1, 3),
            c -> c.category
        ) as top_categories
    from category_revenue
    group by customer_id
),

activity as (
    select
        customer_id,
        min(first_at) as first_seen_at,
        max(last_at) as last_seen_at,
        sum(case when activity_date > session.as_of_date - 7 then sessions else 0 end) as sessions_7d,
        sum(case when activity_date > session.as_of_date - 30 then sessions else 0 end) as sessions_30d,
        sum(case when activity_date > session.as_of_date - 90 then sessions else 0 end) as sessions_90d,
        sum(case when activity_date > session.as_of_date - 7 then page_views else 0 end) as page_views_7d,
        sum(case when activity_date > session.as_of_date - 30 then page_views else 0 end) as page_views_30d,
        sum(case when activity_date > session.as_of_date - 90 then page_views else 0 end) as page_views_90d,
        array_sort(array_distinct(flatten(collect_list(channels)))) as active_channels,
        array_sort(array_distinct(flatten(collect_list(devices)))) as devices
    from gold.customer_daily_activity
    where activity_date <= session.as_of_date
        and customer_id in (select customer_id from changed_customers)
    group by customer_id
),

email as (
    select
        identity.customer_id,
        count_if(engagement.event_type = 'send') as email_sends,
        count_if(engagement.event_type = 'open') as email_opens,
        count_if(engagement.event_type = 'click') as email_clicks,
        count_if(engagement.event_type = 'unsubscribe') > 0 as is_unsubscribed,
        count_if(engagement.event_type = 'bounce') > 0 as has_bounced
    from silver.email_engagement as engagement
    inner join identity
        on identity.id_type = 'email'
        and identity.id_value = engagement.email
    group by identity.customer_id
),

-- Consent per purpose and channel (a decision without a channel counts for every channel: key
-- 'purpose:*'): granted only when every identifier of the customer with a current decision has it
-- granted, so a withdrawal given with one e-mail address is never overruled by a grant from another.
consent_states as (
    select
        identity.customer_id,
        concat(consent.purpose, ':', coalesce(consent.channel, '*')) as consent_key,
        bool_and(consent.is_granted) as is_granted
    from silver.consent as consent
    inner join identity
        on identity.id_type = consent.id_type
        and identity.id_value = consent.id_value
    where consent.is_current
        and consent.purpose is not null
    group by identity.customer_id, concat(consent.purpose, ':', coalesce(consent.channel, '*'))
),

consents as (
    select
        customer_id,
        map_from_entries(sort_array(collect_list(struct(consent_key, is_granted)))) as consents
    from consent_states
    group by customer_id
),

joined as (
    select
        identifiers.*,
        golden.email,
        golden.phone,
        golden.first_name,
        golden.last_name,
        golden.birth_date,
        golden.address,
        golden.country_code,
        golden.locale,
        coalesce(orders.order_count, 0) as order_count,
        coalesce(orders.revenue, cast(0 as decimal(28, 2))) as revenue,
        orders.first_order_at,
        orders.last_order_at,
        datediff(session.as_of_date, to_date(orders.last_order_by_as_of)) as days_since_last_order,
        coalesce(top_categories.top_categories, array()) as top_categories,
        activity.first_seen_at,
        activity.last_seen_at,
        coalesce(activity.sessions_7d, 0) as sessions_7d,
        coalesce(activity.sessions_30d, 0) as sessions_30d,
        coalesce(activity.sessions_90d, 0) as sessions_90d,
        coalesce(activity.page_views_7d, 0) as page_views_7d,
        coalesce(activity.page_views_30d, 0) as page_views_30d,
        coalesce(activity.page_views_90d, 0) as page_views_90d,
        coalesce(activity.active_channels, array()) as active_channels,
        coalesce(activity.devices, array()) as devices,
        coalesce(email.email_sends, 0) as email_sends,
        coalesce(email.email_opens, 0) as email_opens,
        coalesce(email.email_clicks, 0) as email_clicks,
        coalesce(email.is_unsubscribed, false) as is_unsubscribed,
        coalesce(email.has_bounced, false) as has_bounced,
        coalesce(consents.consents, map()) as consents
    from identifiers
    left join golden
        on golden.customer_id = identifiers.customer_id
    left join orders
        on orders.customer_id = identifiers.customer_id
    left join top_categories
        on top_categories.customer_id = identifiers.customer_id
    left join activity
        on activity.customer_id = identifiers.customer_id
    left join email
        on email.customer_id = identifiers.customer_id
    left join consents
        on consents.customer_id = identifiers.customer_id
),

scored as (
    select
        *,
        case when days_since_last_order is not null then c360_rfm_recency(cast(days_since_last_order as bigint)) end
            as recency_score,
        case when days_since_last_order is not null then c360_rfm_frequency(cast(order_count as bigint)) end
            as frequency_score,
        case when days_since_last_order is not null then c360_rfm_monetary(cast(revenue as decimal(28, 2))) end
            as monetary_score
    from joined
),

final as (
    select
        -- ids
        customer_id,
        emails,
        phones,
        user_ids,
        crm_ids,
        anonymous_ids,

        -- golden record (gold.customer_attributes has each value's source and time)
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        address.street as street,
        address.city as city,
        address.postal_code as postal_code,
        coalesce(country_code, address.country_code) as country_code,
        locale,

        -- orders
        order_count,
        revenue,
        case when order_count > 0 then cast(revenue / order_count as decimal(18, 2)) end as average_order_value,
        top_categories,

        -- engagement
        sessions_7d,
        sessions_30d,
        sessions_90d,
        page_views_7d,
        page_views_30d,
        page_views_90d,
        active_channels,
        devices,

        -- e-mail
        email_sends,
        email_opens,
        email_clicks,
        case when email_sends > 0 then cast(email_opens / email_sends as decimal(9, 4)) end as email_open_rate,
        case when email_sends > 0 then cast(email_clicks / email_sends as decimal(9, 4)) end as email_click_rate,
        is_unsubscribed,
        has_bounced,

        -- consent: 'purpose:channel' -> granted now
        consents,

        -- scores and stages
        identifier_count,
        recency_score,
        frequency_score,
        monetary_score,
        c360_rfm_segment(recency_score, frequency_score, monetary_score) as rfm_segment,
        c360_lifecycle_stage(is_known, cast(order_count as bigint), cast(days_since_last_order as bigint)) as lifecycle_stage,
        is_known,

        -- timestamps
        days_since_last_order,
        first_order_at,
        last_order_at,
        first_seen_at,
        last_seen_at,
        session.as_of_date as as_of_date
    from scored
)

select * from final
