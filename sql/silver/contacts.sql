-- silver.contacts: CRM contacts as a type 2 slowly changing dimension. Each export of a contact is
-- a version valid from its updated_at; c360 adds valid_to (the next version's valid_from) and
-- is_current. A contact deleted in the CRM gets a last version with is_deleted true: it is closed
-- (no current version), its history kept. A version exported twice: the last ingested is kept
-- (contacts.yml: version).
-- Incremental: reads the bronze batches after session.since_batch_id (-1 on a full refresh).
with source as (
    select * from bronze.crm_contacts
    where _batch_id > session.since_batch_id
),

final as (
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
        coalesce(is_deleted, false) as is_deleted,

        -- timestamps
        updated_at as valid_from,
        _ingested_at as ingested_at,
        _record_hash as record_hash
    from source
)

select * from final
