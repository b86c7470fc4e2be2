// Generated from the topic's contract by `npm run contracts:generate`. Do not edit by hand.
/** The Avro form of the topic's value (libs/shared/contracts-topics/src/schema/avro-schema.ts). */
export const TEXT_LINE_AVRO_SCHEMA = {
  "type": "record",
  "name": "TextLineEnvelope",
  "namespace": "kstream.text_lines",
  "fields": [
    {
      "name": "text",
      "type": "string"
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
  "doc": "A line of text."
} as const;
