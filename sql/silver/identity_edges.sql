-- silver.identity_edges: pairs of identifiers seen together in one source record, each pair once
-- per source, with when it was first and last seen and how often.
with identifiers as (
    select * from silver.identifiers
),

pairs as (
    select
        a.id_type as from_id_type,
        a.id_value as from_id_value,
        b.id_type as to_id_type,
        b.id_value as to_id_value,
        a.source,
        a.record_key,
        a.observed_at
    from identifiers as a
    inner join identifiers as b
        on a.source = b.source
        and a.record_key = b.record_key
        and (a.id_type < b.id_type or (a.id_type = b.id_type and a.id_value < b.id_value))
),

final as (
    select
        -- ids
        from_id_type,
        from_id_value,
        to_id_type,
        to_id_value,
        source,

        -- metrics
        count(distinct record_key) as record_count,

        -- timestamps
        min(observed_at) as first_seen_at,
        max(observed_at) as last_seen_at
    from pairs
    group by from_id_type, from_id_value, to_id_type, to_id_value, source
)

select * from final
