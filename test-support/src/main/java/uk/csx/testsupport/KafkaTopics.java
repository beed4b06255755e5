package uk.csx.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import uk.csx.infra.TestInfrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Raw access to the test broker: what a test writes or reads behind the services' backs. */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    public static void send(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Every record of the topic from the start, read until nothing more comes for a moment. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        return readAll(topic, bootstrap());
    }

    /** Every record of a topic on the given brokers, from the start. */
    public static List<ConsumerRecord<String, String>> readAll(String topic, String bootstrapServers) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (all.isEmpty() || emptyPolls < 2)) {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(all::add);
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
            }
        }
        return all;
    }

    private static String bootstrap() {
        return TestInfrastructure.get().kafka().bootstrapServers();
    }
}
