// Generated from the topic's contract by `npm run contracts:generate`. Do not edit by hand.
/** The Avro form of the topic's value (libs/shared/contracts-topics/src/schema/avro-schema.ts). */
export const WORD_COUNT_AVRO_SCHEMA = {
  "type": "record",
  "name": "WordCountRecord",
  "namespace": "kstream.word_counts",
  "fields": [
    {
      "name": "id",
      "type": "string"
    },
    {
      "name": "text",
      "type": "string"
    },
    {
      "name": "words",
      "type": "long"
    },
    {
      "name": "alert",
      "type": "boolean"
    },
    {
      "name": "threshold",
      "type": "long"
    },
    {
      "name": "source",
      "type": {
        "type": "record",
        "name": "WordCountRecord_source",
        "fields": [
          {
            "name": "topic",
            "type": "string"
          },
          {
            "name": "partition",
            "type": "long"
          },
          {
            "name": "offset",
            "type": "string"
          }
        ]
      }
    },
    {
      "name": "processedAt",
      "type": "string"
    }
  ],
  "doc": "The word count of one line."
} as const;
