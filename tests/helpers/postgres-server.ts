/** A PostgreSQL server with pgvector that a test has to itself, whichever engine runs it (postgres-engines.ts). */
export interface PostgresServer {
  /** postgres://… for CITED_STORE and PostgresStore.connect: a database no other test uses. */
  url: string;
  /** The server stops and drops every connection (the data stays): an outage. */
  stop(): Promise<void>;
  /** It listens again on the same port, with the same data: the outage is over. */
  start(): Promise<void>;
  /** Stops it and throws its data away. */
  close(): Promise<void>;
}
