-- silver.identity_edges: pairs of identifiers seen together in one source record, each pair once
-- per source, with when it was first and last seen and in how many records.
-- Incremental: the records with observations newer than session.since_batch_id (-1 on a full
-- refresh) touch some identifiers; every pair among those identifiers is recomputed over all the
-- records holding it and merged in (identity_edges.yml: latest). Pairs no new record touches are
-- left as they are, so a run costs what its new records reach, not the whole graph. A pair's
-- _batch_id is the newest batch that holds a record of it: the identity step links the pairs
-- whose evidence grew since its last run.
with identifiers as (
    select id_type, id_value, source, record_key, observed_at, _batch_id
    from silver.identifiers
),

touched_records as (
    select distinct source, record_key
    from silver.identifiers
    where _batch_id > session.since_batch_id
),

touched_identifiers as (
    select distinct identifiers.id_type, identifiers.id_value
    from identifiers
    left semi join touched_records
        on identifiers.source = touched_records.source
        and identifiers.record_key = touched_records.record_key
),

observations as (
    select identifiers.*
    from identifiers
    left semi join touched_identifiers
        on identifiers.id_type = touched_identifiers.id_type
        and identifiers.id_value = touched_identifiers.id_value
),

pairs as (
    select
        a.id_type as from_id_type,
        a.id_value as from_id_value,
        b.id_type as to_id_type,
        b.id_value as to_id_value,
        a.source,
        a.record_key,
        least(a.observed_at, b.observed_at) as first_observed_at,
        greatest(a.observed_at, b.observed_at) as last_observed_at,
        greatest(a._batch_id, b._batch_id) as batch_id
    from observations as a
    inner join observations as b
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
        min(first_observed_at) as first_seen_at,
        max(last_observed_at) as last_seen_at,

        -- lineage: the newest batch with a record of the pair (identity reads the pairs after its last run)
        max(batch_id) as _batch_id
    from pairs
    group by from_id_type, from_id_value, to_id_type, to_id_value, source
)

select * from final
