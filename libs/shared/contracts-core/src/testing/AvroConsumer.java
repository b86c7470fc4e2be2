import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads Confluent-framed Avro records the way Confluent's KafkaAvroDeserializer does, with Apache
 * Kafka's and Apache Avro's own Java libraries: a reader that is not JavaScript, for
 * interoperability tests. Run as a single-file source program (needs a full JDK 17+):
 *
 * <pre>
 * java -cp '.kafka/lib/*:.registry/java-lib/*' AvroConsumer.java --bootstrap 127.0.0.1:9092 \
 *   --registry http://127.0.0.1:8081/apis/ccompat/v7 --topic rolling-means --max-records 4 [--timeout-ms 30000]
 * </pre>
 *
 * Reads every partition of the topic from its start, read_committed, without a consumer group,
 * until it has --max-records records or the timeout passes. Each value must be magic byte 0, a
 * 4-byte schema id, then Avro binary; the writer's schema comes from GET /schemas/ids/ID.
 *
 * <p>Stdout: one line per record, "partition=P offset=O schema-id=I value=JSON" (Avro's own JSON
 * rendering of the record); a value that is not framed Avro is skipped with a line on stderr.
 * Exit status: 0 done (even with fewer records than asked); 1 bad arguments; 2 a schema the
 * registry does not give.
 */
public class AvroConsumer {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    for (String required : List.of("bootstrap", "registry", "topic", "max-records")) {
      if (!opts.containsKey(required)) {
        System.err.println("AvroConsumer: --" + required + " is missing");
        System.exit(1);
      }
    }
    String registry = opts.get("registry").replaceAll("/+$", "");
    int max = Integer.parseInt(opts.get("max-records"));
    long deadline = System.currentTimeMillis() + Long.parseLong(opts.getOrDefault("timeout-ms", "30000"));
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, opts.get("bootstrap"));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Map<Integer, Schema> schemas = new HashMap<>();
    int read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(opts.get("topic")).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (read < max && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          ByteBuffer value = ByteBuffer.wrap(record.value() == null ? new byte[0] : record.value());
          if (value.remaining() < 5 || value.get() != 0) {
            // A topic written as JSON before the switch to Avro holds both: say so and read on.
            System.err.println("AvroConsumer: skipped " + record.topic() + "-" + record.partition() + "@" + record.offset() + ", not Confluent-framed Avro");
            continue;
          }
          int id = value.getInt();
          Schema schema = schemas.get(id);
          if (schema == null) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registry + "/schemas/ids/" + id)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              System.err.println("AvroConsumer: the registry answered HTTP " + response.statusCode() + " for schema " + id + ": " + response.body());
              System.exit(2);
            }
            schema = new Schema.Parser().parse(JSON.readTree(response.body()).get("schema").asText());
            schemas.put(id, schema);
          }
          Object datum = new GenericDatumReader<Object>(schema).read(null, DecoderFactory.get().binaryDecoder(value.array(), value.position(), value.remaining(), null));
          report.println("partition=" + record.partition() + " offset=" + record.offset() + " schema-id=" + id + " value=" + GenericData.get().toString(datum));
          read += 1;
        }
      }
    }
    System.exit(0);
  }
}
