// Generated from the topic's contract by `npm run contracts:generate`. Do not edit by hand.
/** The Avro form of the topic's value (libs/shared/contracts-topics/src/schema/avro-schema.ts). */
export const WORD_TOTAL_AVRO_SCHEMA = {
  "type": "record",
  "name": "WordTotal",
  "namespace": "kstream.word_totals",
  "fields": [
    {
      "name": "word",
      "type": "string"
    },
    {
      "name": "count",
      "type": "long"
    }
  ],
  "doc": "The total count of a word: its latest record is the whole total."
} as const;
