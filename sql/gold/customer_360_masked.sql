-- gold.customer_360_masked: the customer-360 as analysts read it by default. No complete e-mail
-- address or phone number: an address keeps its first character and its domain (j***@example.com),
-- a phone its last two digits (***45); a value too short to keep that much is '***'. Birth dates are reduced to the year, names to initials, and
-- the postal address to the city and country. Other ids are counted, not shown.
select
    -- ids
    customer_id,
    transform(emails, e -> case
        when instr(e, '@') > 2 then concat(left(e, 1), '***@', substring_index(e, '@', -1))
        else '***'
    end) as emails,
    transform(phones, p -> case when length(p) > 4 then concat('***', right(p, 2)) else '***' end) as phones,
    size(user_ids) as user_id_count,
    size(crm_ids) as crm_id_count,
    size(anonymous_ids) as anonymous_id_count,

    -- golden record, masked
    case
        when email is null then null
        when instr(email, '@') > 2 then concat(left(email, 1), '***@', substring_index(email, '@', -1))
        else '***'
    end as email,
    case when phone is null then null when length(phone) > 4 then concat('***', right(phone, 2)) else '***' end
        as phone,
    concat(left(first_name, 1), '.') as first_initial,
    concat(left(last_name, 1), '.') as last_initial,
    year(birth_date) as birth_year,
    city,
    country_code,
    locale,

    -- orders, engagement, e-mail, consent, scores
    order_count,
    revenue,
    average_order_value,
    top_categories,
    sessions_7d,
    sessions_30d,
    sessions_90d,
    page_views_7d,
    page_views_30d,
    page_views_90d,
    active_channels,
    devices,
    email_sends,
    email_opens,
    email_clicks,
    email_open_rate,
    email_click_rate,
    is_unsubscribed,
    has_bounced,
    consents,
    identifier_count,
    recency_score,
    frequency_score,
    monetary_score,
    rfm_segment,
    lifecycle_stage,
    is_known,

    -- timestamps
    days_since_last_order,
    first_order_at,
    last_order_at,
    first_seen_at,
    last_seen_at,
    as_of_date
from gold.customer_360
