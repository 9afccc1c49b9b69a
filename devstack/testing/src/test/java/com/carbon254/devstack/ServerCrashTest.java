package com.carbon254.devstack;

import com.carbon254.devstack.server.ServerProcess;
import com.carbon254.devstack.testing.SharedStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A server of the embedded stack killed with SIGKILL comes back on the same addresses with its data: what the
 * fault-injection tests build on. Runs on the JVM's shared stack, which it leaves running.
 */
class ServerCrashTest {

    private static EmbeddedStack stack;
    private static Endpoints endpoints;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get(EnumSet.allOf(Component.class));
        endpoints = stack.endpoints();
    }

    @Test
    void postgresKilledAndRestartedKeepsCommittedRows() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("create table crash_check (id int primary key, note text)");
            statement.execute("insert into crash_check values (1, 'committed before the crash')");
        }
        ServerProcess before = stack.processes().get(Component.POSTGRES);

        stack.kill(Component.POSTGRES);

        assertThat(before.isAlive()).isFalse();
        assertThatThrownBy(ServerCrashTest::connect).isInstanceOf(SQLException.class);

        stack.restart(Component.POSTGRES);

        assertThat(stack.endpoints()).isEqualTo(endpoints);
        ServerProcess after = stack.processes().get(Component.POSTGRES);
        assertThat(after.pid()).isNotEqualTo(before.pid());
        assertThat(after.isAlive()).isTrue();
        assertThat(note(1)).isEqualTo("committed before the crash");

        // A restart of a running server kills it first.
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("insert into crash_check values (2, 'committed after the restart')");
        }
        stack.restart(Component.POSTGRES);
        assertThat(after.isAlive()).isFalse();
        assertThat(note(2)).isEqualTo("committed after the restart");
    }

    @Test
    void kafkaKilledAndRestartedKeepsItsTopicsAndRecordsAndTakesNewOnes() throws Exception {
        String topic = "crash-check";
        try (Admin admin = stack.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "before-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        ServerProcess before = stack.processes().get(Component.KAFKA);

        stack.kill(Component.KAFKA);

        assertThat(before.isAlive()).isFalse();
        stack.restart(Component.KAFKA);

        assertThat(stack.endpoints()).isEqualTo(endpoints);
        assertThat(stack.processes().get(Component.KAFKA).isAlive()).isTrue();
        try (Admin admin = stack.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic, "data-ingestion");
        }
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "key-after", "after")).get(30, TimeUnit.SECONDS);
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "crash-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                return values.size() >= 11;
            });
        }
        assertThat(values).hasSize(11).startsWith("before-0", "before-1").endsWith("before-9", "after");
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(endpoints.postgresJdbcUrl(), endpoints.postgresUser(),
                endpoints.postgresPassword());
    }

    private static String note(int id) throws SQLException {
        try (Connection connection = connect();
             ResultSet rs = connection.createStatement().executeQuery("select note from crash_check where id = " + id)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
