import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces Avro records the way Confluent's KafkaAvroSerializer does, with Apache Kafka's and
 * Apache Avro's own Java libraries: a producer that is not JavaScript, for interoperability tests.
 * Run as a single-file source program (no build step; needs a full JDK 17+):
 *
 * <pre>
 * java -cp '.kafka/lib/*:.registry/java-lib/*' tools/registry/java/AvroProducer.java \
 *   --bootstrap 127.0.0.1:9092 --registry http://127.0.0.1:8081/apis/ccompat/v7 \
 *   --topic customers --schema tools/registry/customer.avsc [--key-field id] [--property name=value ...]
 * </pre>
 *
 * <ol>
 *   <li>Reads stdin: one record per line in Avro's JSON encoding (what Avro's JsonDecoder reads):
 *       every field present, a non-null union value wrapped in its branch name, e.g.
 *       {"id":1,"name":"Ann","email":{"string":"ann@example.com"}} or "email":null. Blank lines are
 *       skipped. A line that does not fit the schema stops the run before anything is registered
 *       or sent.
 *   <li>Registers the schema under the subject TOPIC-value through the Confluent-compatible API
 *       (POST /subjects/TOPIC-value/versions); for a schema already registered there the registry
 *       answers with the existing id.
 *   <li>Sends each record as magic byte 0, the schema id as 4 bytes big-endian, then the Avro binary
 *       encoding; no key, or with --key-field the UTF-8 text of that field (no key when it is null).
 *       acks=all, idempotent.
 * </ol>
 *
 * <p>Stdout: one line per record, in input order, once the broker acknowledged it:
 * "topic=T partition=P offset=O schema-id=I". Everything else (client logs, errors) goes to stderr.
 * Exit status: 0 all delivered; 1 bad arguments, schema or input; 2 the registry refused the schema
 * or could not be reached; 3 a record was not delivered.
 */
public class AvroProducer {
  private static final byte MAGIC_BYTE = 0;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USAGE =
      "usage: AvroProducer --bootstrap HOST:PORT --registry CCOMPAT_URL --topic TOPIC --schema FILE.avsc"
          + " [--key-field FIELD] [--property name=value ...]  < records.jsonl";

  /** An expected failure: its message is all the caller needs, its status says which kind. */
  private static final class Failure extends Exception {
    final int status;

    Failure(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private record Input(int line, Object datum) {}

  public static void main(String[] args) {
    // The report is the only thing on stdout; anything the client logs goes to stderr.
    PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    try {
      run(args, report);
      System.exit(0);
    } catch (Failure f) {
      System.err.println("AvroProducer: " + f.getMessage());
      System.exit(f.status);
    }
  }

  private static void run(String[] args, PrintStream report) throws Failure {
    Map<String, String> opts = new HashMap<>();
    Properties overrides = new Properties();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) throw new Failure(1, "bad argument " + args[i] + "\n" + USAGE);
      String name = args[i].substring(2);
      if (name.equals("property")) {
        int eq = args[i + 1].indexOf('=');
        if (eq <= 0) throw new Failure(1, "--property wants name=value, got " + args[i + 1]);
        overrides.put(args[i + 1].substring(0, eq), args[i + 1].substring(eq + 1));
      } else {
        opts.put(name, args[i + 1]);
      }
    }
    for (String required : List.of("bootstrap", "registry", "topic", "schema")) {
      if (!opts.containsKey(required)) throw new Failure(1, "--" + required + " is missing\n" + USAGE);
    }
    String topic = opts.get("topic");
    Schema schema = readSchema(Path.of(opts.get("schema")));
    String keyField = opts.get("key-field");
    if (keyField != null && (schema.getType() != Schema.Type.RECORD || schema.getField(keyField) == null)) {
      throw new Failure(1, "--key-field " + keyField + ": schema " + schema.getFullName() + " has no such field");
    }

    List<Input> inputs = readInputs(schema);
    int schemaId = register(opts.get("registry"), topic + "-value", schema);
    produce(opts.get("bootstrap"), topic, schemaId, schema, keyField, inputs, overrides, report);
  }

  private static Schema readSchema(Path file) throws Failure {
    try {
      return new Schema.Parser().parse(Files.readString(file));
    } catch (IOException e) {
      throw new Failure(1, "cannot read the schema " + file + ": " + e);
    } catch (SchemaParseException e) {
      throw new Failure(1, file + " is not an Avro schema: " + e.getMessage());
    }
  }

  /** Every stdin line decoded against the schema, before anything leaves this process. */
  private static List<Input> readInputs(Schema schema) throws Failure {
    GenericDatumReader<Object> reader = new GenericDatumReader<>(schema);
    List<Input> inputs = new ArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int lineNo = 0;
    try {
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) continue;
        inputs.add(new Input(lineNo, reader.read(null, DecoderFactory.get().jsonDecoder(schema, line))));
      }
    } catch (IOException | AvroRuntimeException e) {
      throw new Failure(
          1,
          "stdin line " + lineNo + " is not a " + schema.getFullName() + " in Avro's JSON encoding "
              + "(unions as {\"branch\": value}): " + e.getMessage());
    }
    return inputs;
  }

  /** POST /subjects/{subject}/versions: registers the schema, or finds it, and returns its global id. */
  private static int register(String registry, String subject, Schema schema) throws Failure {
    String base = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
    URI uri = URI.create(base + "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions");
    HttpResponse<String> res;
    try {
      String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/vnd.schemaregistry.v1+json")
              .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      res = client.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new Failure(2, "cannot reach the schema registry at " + uri + " (is it running? `npm run registry:status`)");
    } catch (IOException e) {
      throw new Failure(2, "registering the schema at " + uri + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(2, "interrupted while registering the schema");
    }
    if (res.statusCode() != 200) {
      throw new Failure(
          2, "the schema registry refused " + schema.getFullName() + " for subject " + subject + ": HTTP "
              + res.statusCode() + " " + res.body());
    }
    try {
      JsonNode id = JSON.readTree(res.body()).get("id");
      if (id == null || !id.canConvertToInt()) throw new IOException("no integer \"id\"");
      return id.intValue();
    } catch (IOException e) {
      throw new Failure(2, "unexpected answer from " + uri + " (" + e.getMessage() + "): " + res.body());
    }
  }

  /** Confluent's framing: magic byte 0, schema id (int32 big-endian), Avro binary. */
  private static byte[] frame(int schemaId, Object datum, GenericDatumWriter<Object> writer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(MAGIC_BYTE);
    out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(datum, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static void produce(
      String bootstrap,
      String topic,
      int schemaId,
      Schema schema,
      String keyField,
      List<Input> inputs,
      Properties overrides,
      PrintStream report)
      throws Failure {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "avro-producer");
    // Fail on its own, with the client's reason, well before a caller's timeout kills the JVM.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "45000");
    config.putAll(overrides);

    GenericDatumWriter<Object> writer = new GenericDatumWriter<>(schema);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Input input : inputs) {
        byte[] key = null;
        if (keyField != null) {
          Object k = ((GenericRecord) input.datum()).get(keyField);
          if (k != null) key = k.toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] value;
        try {
          value = frame(schemaId, input.datum(), writer);
        } catch (IOException | AvroRuntimeException e) {
          throw new Failure(1, "stdin line " + input.line() + " cannot be encoded: " + e.getMessage());
        }
        try {
          sent.add(producer.send(new ProducerRecord<>(topic, key, value)));
        } catch (RuntimeException e) {
          throw new Failure(3, "stdin line " + input.line() + " not sent: " + e.getMessage());
        }
      }
      for (int i = 0; i < sent.size(); i++) {
        RecordMetadata m;
        try {
          m = sent.get(i).get();
        } catch (ExecutionException e) {
          throw new Failure(3, "stdin line " + inputs.get(i).line() + " not delivered to " + topic + ": " + e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Failure(3, "interrupted while waiting for the broker");
        }
        report.printf("topic=%s partition=%d offset=%d schema-id=%d%n", m.topic(), m.partition(), m.offset(), schemaId);
      }
    }
  }
}
