-- gold.customer_orders: one row per order, with the customer who placed it (by user id first, then
-- e-mail) and its revenue in the reporting currency, plus one row per refund. An order's revenue is
-- 0 when it was cancelled; a refunded order keeps its sale and gets a refund row with the negative
-- amount, booked when the refund happened, so revenue per day stays right and the two net to 0.
-- Orders deleted in the shop's database are left out.
with orders as (
    select * from silver.orders
    where not is_deleted
),

identity as (
    select id_type, id_value, customer_id from gold.identity_map
),

categories as (
    select
        order_id,
        sort_array(collect_set(category)) as categories
    from silver.order_items
    where category is not null
    group by order_id
),

attributed as (
    select
        orders.*,
        coalesce(by_user.customer_id, by_email.customer_id) as customer_id,
        round(orders.total_amount * fx_rates.rate_to_reporting, 2) as amount_reporting
    from orders
    left join identity as by_user
        on by_user.id_type = 'user_id'
        and by_user.id_value = orders.user_id
    left join identity as by_email
        on by_email.id_type = 'email'
        and by_email.id_value = orders.email
    left join fx_rates
        on fx_rates.currency = orders.currency
),

sales as (
    select
        order_id,
        false as is_refund,
        customer_id,
        status,
        currency,
        total_amount as amount,
        case when status = 'cancelled' then 0 else amount_reporting end as revenue,
        ordered_at,
        ordered_at as booked_at,
        updated_at
    from attributed
),

refunds as (
    select
        order_id,
        true as is_refund,
        customer_id,
        status,
        currency,
        -total_amount as amount,
        -amount_reporting as revenue,
        ordered_at,
        updated_at as booked_at,
        updated_at
    from attributed
    where status = 'refunded'
),

final as (
    select
        -- ids
        entries.order_id,
        entries.is_refund,
        entries.customer_id,

        -- attributes
        entries.status,
        entries.currency,
        coalesce(categories.categories, array()) as categories,

        -- metrics
        cast(entries.amount as decimal(18, 2)) as amount,
        cast(entries.revenue as decimal(18, 2)) as revenue,

        -- timestamps
        entries.ordered_at,
        entries.booked_at,
        entries.updated_at
    from (select * from sales union all select * from refunds) as entries
    left join categories
        on categories.order_id = entries.order_id
)

select * from final
