-- gold.customer_attributes: the golden record's provenance. For each customer and attribute, the
-- value that survives among everything the sources said (conf/profile.yaml: survivorship), which
-- source it came from and when, under which rule, and how many distinct values competed.
-- customer_360 takes its attributes from here. Computed for changed_customers (customer_attributes.yml).
with identity as (
    select id_type, id_value, customer_id from gold.identity_map
    where customer_id in (select customer_id from changed_customers)
),

contacts as (
    select
        identity.customer_id,
        contacts.*
    from silver.contacts as contacts
    inner join identity
        on identity.id_type = 'crm_id'
        and identity.id_value = contacts.contact_id
    where contacts.is_current
        and not contacts.is_deleted
),

from_crm as (
    select customer_id, 'crm_contacts' as source, valid_from as observed_at, attribute, value
    from contacts
    lateral view stack(8,
        'email', email,
        'phone', phone,
        'first_name', first_name,
        'last_name', last_name,
        'birth_date', cast(birth_date as string),
        'address', case
            when coalesce(street, city, postal_code) is not null
                then to_json(named_struct('street', street, 'city', city, 'postal_code', postal_code,
                    'country_code', country_code))
        end,
        'country_code', country_code,
        'locale', cast(null as string)
    ) as attribute, value
),

events as (
    select
        coalesce(by_user.customer_id, by_anonymous.customer_id) as customer_id,
        events.*
    from silver.events as events
    left join identity as by_user
        on by_user.id_type = 'user_id'
        and by_user.id_value = events.user_id
    left join identity as by_anonymous
        on by_anonymous.id_type = 'anonymous_id'
        and by_anonymous.id_value = events.anonymous_id
),

from_events as (
    select customer_id, source, occurred_at as observed_at, attribute, value
    from events
    lateral view stack(5,
        'email', email,
        'phone', phone,
        'first_name', first_name,
        'last_name', last_name,
        'locale', locale
    ) as attribute, value
    where customer_id is not null
),

from_orders as (
    select
        identity.customer_id,
        'orders' as source,
        orders.ordered_at as observed_at,
        'email' as attribute,
        orders.email as value
    from silver.orders as orders
    inner join identity
        on identity.id_type = 'email'
        and identity.id_value = orders.email
    where not orders.is_deleted
),

candidates as (
    select * from from_crm
    union all
    select * from from_events
    union all
    select * from from_orders
),

counted as (
    select
        candidates.*,
        count(*) over (partition by customer_id, attribute, value) as records,
        size(collect_set(value) over (partition by customer_id, attribute)) as distinct_values
    from candidates
    where value is not null
        and observed_at is not null
),

ranked as (
    select
        counted.*,
        rules.policy,
        row_number() over (
            partition by counted.customer_id, counted.attribute
            order by
                -- source-priority: the listed sources in order, unlisted ones last
                case
                    when rules.policy <> 'source-priority' then 0
                    when array_position(rules.source_priority, counted.source) = 0 then 1000
                    else array_position(rules.source_priority, counted.source)
                end,
                -- most-frequent: the value seen in the most records
                case when rules.policy = 'most-frequent' then -counted.records else 0 end,
                -- first-non-null: the earliest; every other rule: the newest
                case
                    when rules.policy = 'first-non-null' then unix_micros(counted.observed_at)
                    else -unix_micros(counted.observed_at)
                end,
                counted.source,
                counted.value
        ) as position
    from counted
    inner join survivorship_rules as rules
        on rules.attribute = counted.attribute
),

final as (
    select
        -- ids
        customer_id,
        attribute,

        -- attributes
        value,
        source,
        policy as rule,

        -- metrics
        records,
        distinct_values,

        -- timestamps
        observed_at
    from ranked
    where position = 1
)

select * from final
