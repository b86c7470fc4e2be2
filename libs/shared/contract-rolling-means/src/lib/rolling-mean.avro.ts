// Generated from the topic's contract by `npm run contracts:generate`. Do not edit by hand.
/** The Avro form of the topic's value (libs/shared/contracts-topics/src/schema/avro-schema.ts). */
export const ROLLING_MEAN_AVRO_SCHEMA = {
  "type": "record",
  "name": "RollingMeanRecord",
  "namespace": "kstream.rolling_means",
  "fields": [
    {
      "name": "series",
      "type": "string"
    },
    {
      "name": "value",
      "type": "double"
    },
    {
      "name": "window",
      "type": {
        "type": "array",
        "items": "double"
      }
    },
    {
      "name": "count",
      "type": "long"
    },
    {
      "name": "mean",
      "type": [
        "null",
        "double"
      ]
    },
    {
      "name": "source",
      "type": {
        "type": "record",
        "name": "RollingMeanRecord_source",
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
  "doc": "The rolling mean after one number."
} as const;
