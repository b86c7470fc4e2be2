import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces records read from a file with Apache Kafka's own Java client, all of them from one JVM,
 * and prints where each one landed. The tests use it as the reference producer that is not
 * JavaScript: keys, values and headers are raw bytes, so nothing is lost to a text encoding.
 *
 * <pre>
 * java -cp '.kafka/lib/*' RawProducer.java BOOTSTRAP TOPIC RECORDS_FILE|- [producer.config=value ...]
 * </pre>
 *
 * RECORDS_FILE (big-endian; a length of -1 is null):
 *
 * <pre>
 * file    := "KRP1" int32:count record*count
 * record  := int32:partition (-1: the partitioner chooses) bytes:key bytes:value int32:headerCount header*headerCount
 * header  := bytes:name (UTF-8, never null) bytes:value
 * bytes   := int32:length byte*length
 * </pre>
 *
 * Stdout: one line per record, in file order, once all are acknowledged: "index partition offset".
 * Exit status: 0 all delivered, 1 bad arguments or file, 2 a record was not delivered.
 */
public class RawProducer {
  private static final int MAGIC = 0x4b525031; // "KRP1"

  private record Input(Integer partition, byte[] key, byte[] value, RecordHeaders headers) {}

  public static void main(String[] args) throws Exception {
    // The report is the only thing on stdout; anything the client logs goes to stderr.
    PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err);

    if (args.length < 3) {
      System.err.println("usage: RawProducer BOOTSTRAP TOPIC RECORDS_FILE|- [producer.config=value ...]");
      System.exit(1);
    }
    String topic = args[1];
    List<Input> inputs;
    try (InputStream in = args[2].equals("-") ? System.in : new FileInputStream(args[2])) {
      inputs = read(new DataInputStream(new BufferedInputStream(in, 1 << 16)));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("cannot read " + args[2] + ": " + e.getMessage());
      System.exit(1);
      return;
    }

    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "raw-producer");
    // Fail on its own, with the client's reason, well before a caller's timeout kills the JVM.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "45000");
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        System.err.println("not a producer config (name=value): " + args[i]);
        System.exit(1);
      }
      config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
    List<Future<RecordMetadata>> sent = new ArrayList<>(inputs.size());
    for (Input r : inputs) {
      try {
        sent.add(producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), r.value(), r.headers())));
      } catch (RuntimeException e) {
        // A partition the topic does not have is refused here rather than through the future.
        sent.add(CompletableFuture.failedFuture(e));
      }
    }
    producer.flush();
    StringBuilder lines = new StringBuilder();
    int failed = 0;
    for (int i = 0; i < sent.size(); i++) {
      try {
        RecordMetadata m = sent.get(i).get();
        lines.append(i).append(' ').append(m.partition()).append(' ').append(m.offset()).append('\n');
      } catch (ExecutionException e) {
        failed++;
        System.err.println("record " + i + " not delivered to " + topic + ": " + e.getCause());
      }
    }
    producer.close(Duration.ofSeconds(10));
    if (failed == 0) report.print(lines);
    report.flush();
    System.exit(failed == 0 ? 0 : 2);
  }

  private static List<Input> read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a records file (no KRP1 magic)");
    int count = in.readInt();
    if (count < 0) throw new IllegalArgumentException("negative record count " + count);
    List<Input> inputs = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        int partition = in.readInt();
        if (partition < -1) throw new IllegalArgumentException("record " + i + ": partition " + partition);
        byte[] key = bytes(in);
        byte[] value = bytes(in);
        int headerCount = in.readInt();
        if (headerCount < 0) throw new IllegalArgumentException("record " + i + ": negative header count");
        RecordHeaders headers = new RecordHeaders();
        for (int h = 0; h < headerCount; h++) {
          byte[] name = bytes(in);
          if (name == null) throw new IllegalArgumentException("record " + i + ": null header name");
          headers.add(new String(name, StandardCharsets.UTF_8), bytes(in));
        }
        inputs.add(new Input(partition == -1 ? null : partition, key, value, headers));
      }
    } catch (EOFException e) {
      throw new IllegalArgumentException("file ends inside record " + inputs.size() + " of " + count);
    }
    if (in.read() != -1) throw new IllegalArgumentException("bytes after the last of " + count + " records");
    return inputs;
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) return null;
    if (length < -1) throw new IllegalArgumentException("negative length " + length);
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) throw new EOFException();
    return bytes;
  }
}
