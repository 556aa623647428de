-- gold.customer_orders: one row per order with the customer who placed it (by user id first, then
-- e-mail) and its revenue in the reporting currency: cancelled and refunded orders count 0; orders
-- deleted in the shop's database are left out.
with orders as (
    select * from silver.orders
    where not is_deleted
),

identity as (
    select id_type, id_value, customer_id from gold.identity_map
),

attributed as (
    select
        orders.*,
        coalesce(by_user.customer_id, by_email.customer_id) as customer_id
    from orders
    left join identity as by_user
        on by_user.id_type = 'user_id'
        and by_user.id_value = orders.user_id
    left join identity as by_email
        on by_email.id_type = 'email'
        and by_email.id_value = orders.email
),

final as (
    select
        -- ids
        attributed.order_id,
        attributed.customer_id,

        -- attributes
        attributed.status,
        attributed.currency,

        -- metrics
        attributed.total_amount as amount,
        cast(
            case
                when attributed.status in ('cancelled', 'refunded') then 0
                else round(attributed.total_amount * fx_rates.rate_to_reporting, 2)
            end as decimal(18, 2)
        ) as revenue,

        -- timestamps
        attributed.ordered_at,
        attributed.updated_at
    from attributed
    left join fx_rates
        on fx_rates.currency = attributed.currency
)

select * from final
