-- Headway job store, schema version 2, for MariaDB 10.6 or newer and MySQL 8.0 or newer: who holds each job, and
-- the epoch of that hold.
--
-- On H2 and PostgreSQL this version adds the holder and epoch columns. These databases came after it: their V1
-- creates the columns already, so this script only records the version, and a version means the same on every
-- database. ${prefix} is the table prefix, as in V1. It may run again.

INSERT INTO ${prefix}schema_version (version, description) VALUES (2, 'headway holder and epoch')
  ON DUPLICATE KEY UPDATE version = version;
