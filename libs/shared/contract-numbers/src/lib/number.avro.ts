// Generated from the topic's contract by `npm run contracts:generate`. Do not edit by hand.
/** The Avro form of the topic's value (libs/shared/contracts-topics/src/schema/avro-schema.ts). */
export const NUMBER_AVRO_SCHEMA = {
  "type": "record",
  "name": "NumberEnvelope",
  "namespace": "kstream.numbers",
  "fields": [
    {
      "name": "value",
      "type": "double"
    },
    {
      "name": "series",
      "type": [
        "null",
        "string"
      ],
      "default": null
    },
    {
      "name": "id",
      "type": [
        "null",
        "string"
      ],
      "default": null
    }
  ],
  "doc": "A finite number."
} as const;
