-- silver.contacts: CRM contacts as a type 2 slowly changing dimension. Each export of a contact
-- is a version valid from its updated_at until the next version's.
with source as (
    select * from bronze.crm_contacts
),

versions as (
    select
        *,
        row_number() over (partition by crm_id, updated_at order by _ingested_at desc, _record_hash) as duplicate
    from source
),

cleaned as (
    select
        -- ids
        crm_id as contact_id,

        -- attributes
        c360_email(email) as email,
        email as email_as_received,
        c360_identifier('phone', phone, coalesce(c360_country(country), 'GB')) as phone,
        phone as phone_as_received,
        c360_name(first_name) as first_name,
        c360_name(last_name) as last_name,
        birth_date,
        trim(street) as street,
        trim(city) as city,
        trim(postal_code) as postal_code,
        c360_country(country) as country_code,

        -- timestamps
        updated_at as valid_from
    from versions
    where duplicate = 1
),

final as (
    select
        *,
        lead(valid_from) over (partition by contact_id order by valid_from) as valid_to,
        lead(valid_from) over (partition by contact_id order by valid_from) is null as is_current
    from cleaned
)

select * from final
