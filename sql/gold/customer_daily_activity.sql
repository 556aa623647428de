-- gold.customer_daily_activity: one row per customer and day with activity: events, sessions
-- (a visit ends after 30 minutes without an event on that browser or app), page views, e-mail opens
-- and clicks, orders, and the channels and devices used. customer_360's 7/30/90-day figures sum it.
-- Computed for changed_customers (customer_daily_activity.yml).
with identity as (
    select id_type, id_value, customer_id from gold.identity_map
    where customer_id in (select customer_id from changed_customers)
),

events as (
    select
        coalesce(by_user.customer_id, by_anonymous.customer_id) as customer_id,
        events.anonymous_id,
        events.event_type,
        events.occurred_at,
        case when lower(events.library_name) rlike 'ios|android|react-native|flutter' then 'app' else 'web' end
            as channel,
        coalesce(
            lower(events.device_type),
            case
                when events.user_agent rlike 'iPad|Tablet' then 'tablet'
                when events.user_agent rlike 'Mobile|iPhone|Android' then 'mobile'
                when events.user_agent is not null then 'desktop'
            end
        ) as device
    from silver.events as events
    left join identity as by_user
        on by_user.id_type = 'user_id'
        and by_user.id_value = events.user_id
    left join identity as by_anonymous
        on by_anonymous.id_type = 'anonymous_id'
        and by_anonymous.id_value = events.anonymous_id
    where events.occurred_at is not null
),

visits as (
    select
        *,
        coalesce(
            occurred_at > lag(occurred_at) over (
                partition by customer_id, anonymous_id order by occurred_at
            ) + interval 30 minutes,
            true
        ) as starts_session
    from events
    where customer_id is not null
),

web as (
    select
        customer_id,
        to_date(occurred_at) as activity_date,
        count(*) as events,
        count_if(starts_session) as sessions,
        count_if(event_type in ('page', 'screen')) as page_views,
        collect_set(channel) as channels,
        collect_set(device) as devices,
        min(occurred_at) as first_at,
        max(occurred_at) as last_at
    from visits
    group by customer_id, to_date(occurred_at)
),

email as (
    select
        identity.customer_id,
        to_date(engagement.occurred_at) as activity_date,
        count_if(engagement.event_type = 'open') as email_opens,
        count_if(engagement.event_type = 'click') as email_clicks,
        min(engagement.occurred_at) as first_at,
        max(engagement.occurred_at) as last_at
    from silver.email_engagement as engagement
    inner join identity
        on identity.id_type = 'email'
        and identity.id_value = engagement.email
    where engagement.event_type in ('open', 'click')
    group by identity.customer_id, to_date(engagement.occurred_at)
),

orders as (
    select
        customer_id,
        to_date(ordered_at) as activity_date,
        count(*) as orders,
        min(ordered_at) as first_at,
        max(ordered_at) as last_at
    from gold.customer_orders
    where customer_id in (select customer_id from changed_customers)
        and not is_refund
        and status not in ('cancelled', 'refunded')
    group by customer_id, to_date(ordered_at)
),

final as (
    select
        -- ids
        coalesce(web.customer_id, email.customer_id, orders.customer_id) as customer_id,
        coalesce(web.activity_date, email.activity_date, orders.activity_date) as activity_date,

        -- attributes
        array_sort(array_distinct(concat(
            coalesce(web.channels, array()),
            case when email.customer_id is not null then array('email') else array() end
        ))) as channels,
        array_sort(coalesce(web.devices, array())) as devices,

        -- metrics
        coalesce(web.events, 0) as events,
        coalesce(web.sessions, 0) as sessions,
        coalesce(web.page_views, 0) as page_views,
        coalesce(email.email_opens, 0) as email_opens,
        coalesce(email.email_clicks, 0) as email_clicks,
        coalesce(orders.orders, 0) as orders,

        -- timestamps
        least(web.first_at, email.first_at, orders.first_at) as first_at,
        greatest(web.last_at, email.last_at, orders.last_at) as last_at
    from web
    full outer join email
        on email.customer_id = web.customer_id
        and email.activity_date = web.activity_date
    full outer join orders
        on orders.customer_id = coalesce(web.customer_id, email.customer_id)
        and orders.activity_date = coalesce(web.activity_date, email.activity_date)
)

select * from final
