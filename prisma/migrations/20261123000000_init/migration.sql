-- Storage for kube-on-postgres. See apps/apiserver/src/storage/postgres/README.md for the design.

-- The global resourceVersion. Values are taken only while holding the write lock (kop_write), so
-- resourceVersion order is commit order and a reader never sees a later version before an earlier one.
CREATE SEQUENCE "rv_seq" AS BIGINT START WITH 1;

CREATE TABLE "objects" (
    "resource"  TEXT   NOT NULL,
    "namespace" TEXT   NOT NULL,
    "name"      TEXT   NOT NULL,
    "uid"       TEXT   NOT NULL,
    "rv"        BIGINT NOT NULL,
    "data"      JSONB  NOT NULL,
    CONSTRAINT "objects_pkey" PRIMARY KEY ("resource", "namespace", "name")
);

CREATE TABLE "events" (
    "rv"        BIGINT   NOT NULL,
    "resource"  TEXT     NOT NULL,
    "namespace" TEXT     NOT NULL,
    "name"      TEXT     NOT NULL,
    "type"      SMALLINT NOT NULL,
    "data"      JSONB    NOT NULL,
    CONSTRAINT "events_pkey" PRIMARY KEY ("rv")
);

CREATE INDEX "events_resource_namespace_name_rv_idx" ON "events" ("resource", "namespace", "name", "rv");

CREATE TABLE "storage_meta" (
    "key"   TEXT   NOT NULL,
    "value" BIGINT NOT NULL,
    CONSTRAINT "storage_meta_pkey" PRIMARY KEY ("key")
);

INSERT INTO "storage_meta" ("key", "value") VALUES ('compacted', 0);

-- Applies a batch of writes in one transaction and one round trip. Each op is
--   {"op":"create"|"update"|"delete", "resource", "namespace", "name", "uid", "data", "expectRv", "expectUid"}
-- and yields {"rv": n} or {"error": "exists"|"notfound"|"conflict"|"uid", "rv": current}.
-- A failed op does not abort the others: conflicts are detected by compare-and-swap, not exceptions.
CREATE FUNCTION "kop_write"(ops JSONB) RETURNS JSONB LANGUAGE plpgsql AS $fn$
DECLARE
  op        JSONB;
  results   JSONB := '[]'::jsonb;
  r         BIGINT;
  cur_rv    BIGINT;
  cur_uid   TEXT;
  old_data  JSONB;
  last_rv   BIGINT := 0;
  k_res     TEXT;
  k_ns      TEXT;
  k_name    TEXT;
BEGIN
  -- One writer at a time across all apiserver replicas: resourceVersions are handed out and
  -- committed in the same order. Released at commit.
  PERFORM pg_advisory_xact_lock(7243070001);
  FOR op IN SELECT value FROM jsonb_array_elements(ops) LOOP
    k_res := op->>'resource'; k_ns := op->>'namespace'; k_name := op->>'name';
    IF op->>'op' = 'create' THEN
      r := nextval('rv_seq');
      INSERT INTO objects (resource, namespace, name, uid, rv, data)
        VALUES (k_res, k_ns, k_name, op->>'uid', r, op->'data')
        ON CONFLICT DO NOTHING;
      IF FOUND THEN
        INSERT INTO events (rv, resource, namespace, name, type, data) VALUES (r, k_res, k_ns, k_name, 1, op->'data');
        results := results || jsonb_build_object('rv', r);
        last_rv := r;
      ELSE
        SELECT o.rv INTO cur_rv FROM objects o WHERE o.resource = k_res AND o.namespace = k_ns AND o.name = k_name;
        results := results || jsonb_build_object('error', 'exists', 'rv', cur_rv);
      END IF;
    ELSIF op->>'op' = 'update' THEN
      r := nextval('rv_seq');
      UPDATE objects SET rv = r, data = op->'data'
        WHERE resource = k_res AND namespace = k_ns AND name = k_name AND rv = (op->>'expectRv')::bigint;
      IF FOUND THEN
        INSERT INTO events (rv, resource, namespace, name, type, data) VALUES (r, k_res, k_ns, k_name, 2, op->'data');
        results := results || jsonb_build_object('rv', r);
        last_rv := r;
      ELSE
        SELECT o.rv INTO cur_rv FROM objects o WHERE o.resource = k_res AND o.namespace = k_ns AND o.name = k_name;
        results := results || jsonb_build_object('error', CASE WHEN cur_rv IS NULL THEN 'notfound' ELSE 'conflict' END, 'rv', cur_rv);
      END IF;
    ELSIF op->>'op' = 'delete' THEN
      SELECT o.rv, o.uid INTO cur_rv, cur_uid FROM objects o
        WHERE o.resource = k_res AND o.namespace = k_ns AND o.name = k_name FOR UPDATE;
      IF cur_rv IS NULL THEN
        results := results || jsonb_build_object('error', 'notfound');
      ELSIF op ? 'expectUid' AND op->>'expectUid' IS NOT NULL AND op->>'expectUid' <> cur_uid THEN
        results := results || jsonb_build_object('error', 'uid', 'rv', cur_rv);
      ELSIF op ? 'expectRv' AND op->>'expectRv' IS NOT NULL AND (op->>'expectRv')::bigint <> cur_rv THEN
        results := results || jsonb_build_object('error', 'conflict', 'rv', cur_rv);
      ELSE
        r := nextval('rv_seq');
        DELETE FROM objects WHERE resource = k_res AND namespace = k_ns AND name = k_name RETURNING data INTO old_data;
        INSERT INTO events (rv, resource, namespace, name, type, data) VALUES (r, k_res, k_ns, k_name, 3, old_data);
        results := results || jsonb_build_object('rv', r, 'prevRv', cur_rv);
        last_rv := r;
      END IF;
    ELSE
      RAISE EXCEPTION 'kop_write: unknown op %', op->>'op';
    END IF;
  END LOOP;
  IF last_rv > 0 THEN
    -- The payload is the newest version written: a listener already past it need not read.
    PERFORM pg_notify('kop_events', last_rv::text);
  END IF;
  RETURN results;
END;
$fn$;

-- Removes history below the horizon in small batches, keeping for each live key its newest row at
-- or below the horizon (so a snapshot read at any version >= horizon stays possible).
CREATE FUNCTION "kop_compact_batch"(horizon BIGINT, batch INT) RETURNS INT LANGUAGE sql AS $fn$
  WITH doomed AS (
    SELECT e.rv FROM events e
    WHERE e.rv < horizon
      AND (e.type = 3 OR EXISTS (
        SELECT 1 FROM events n
        WHERE n.resource = e.resource AND n.namespace = e.namespace AND n.name = e.name
          AND n.rv > e.rv AND n.rv <= horizon))
    ORDER BY e.rv
    LIMIT batch
  ), gone AS (
    DELETE FROM events WHERE rv IN (SELECT rv FROM doomed) RETURNING 1
  )
  SELECT count(*)::int FROM gone;
$fn$;
