package com.carbon254.platform.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code ./platform up --secure}: the rendered manifests on a secured stack (SASL/SCRAM with the KafkaUsers' ACLs,
 * scram-sha-256 database roles, schemas registered by the registration Job only, the services in their prod profile
 * with their Deployment's environment, the Flink job on a standalone session cluster). The same user flows must pass,
 * and what the security promises is checked from outside, as an attacker on the machine would try it.
 */
class SecurePlatformSmokeTest extends PlatformFlows {

    @BeforeAll
    static void up() throws Exception {
        platformUp("--secure");
    }

    @Test
    @Order(1)
    void anonymousKafkaClientsAreRefused() {
        Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.get("KAFKA_BOOTSTRAP_SERVERS"), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .as("a client without SASL sees no topic").isNotNull();
        }
        Map<String, Object> wrongPassword = new LinkedHashMap<>(anonymous);
        wrongPassword.putAll(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"operator\" password=\"guessed\";"));
        try (Admin admin = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    @Order(1)
    void aServiceLoginReadsAndWritesOnlyWhatItsKafkaUserAllows() throws Exception {
        // The gateway's own login (the Secret the User Operator would write): it may write producer topics, but
        // neither read them nor write the platform's own topics.
        Map<String, Object> gateway = serviceLogin("event-gateway");
        Map<String, Object> consumer = new LinkedHashMap<>(gateway);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "smoke-intruder");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumer)) {
            reader.subscribe(List.of("audit-api-calls"));
            assertThatThrownBy(() -> reader.poll(Duration.ofSeconds(10)))
                    .isInstanceOfAny(TopicAuthorizationException.class,
                            org.apache.kafka.common.errors.GroupAuthorizationException.class);
        }
        Map<String, Object> producer = new LinkedHashMap<>(gateway);
        producer.put("key.serializer", StringSerializer.class.getName());
        producer.put("value.serializer", StringSerializer.class.getName());
        producer.put("max.block.ms", 10000);
        try (KafkaProducer<String, String> writer = new KafkaProducer<>(producer)) {
            assertThatThrownBy(() -> writer.send(new ProducerRecord<>("data-events", "x", "{}")).get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    @Order(1)
    void publishingASchemaTheRegistrationJobDidNotRegisterIsRefused() throws Exception {
        // A record of a shape no subject has: the platform's serializer settings (no auto-registration) refuse it.
        Schema unregistered = SchemaBuilder.record("ServiceHealthEvent").namespace("com.carbon254.events.system")
                .fields().requiredString("serviceName").requiredString("unregisteredField").endRecord();
        GenericRecord value = new GenericData.Record(unregistered);
        value.put("serviceName", "smoke");
        value.put("unregisteredField", "x");
        Map<String, Object> producer = new LinkedHashMap<>(serviceLogin("event-gateway"));
        producer.put("key.serializer", StringSerializer.class.getName());
        producer.put("value.serializer", "io.apicurio.registry.serde.avro.AvroKafkaSerializer");
        producer.put("apicurio.registry.url", endpoints.get("REGISTRY_URL"));
        producer.put("apicurio.registry.auto-register", false);
        producer.put("apicurio.registry.find-latest", false);
        try (KafkaProducer<String, Object> writer = new KafkaProducer<>(producer)) {
            assertThatThrownBy(() -> writer.send(new ProducerRecord<>("system-health", "smoke", value)).get(15,
                    TimeUnit.SECONDS)).isInstanceOfAny(SerializationException.class, ExecutionException.class,
                    RuntimeException.class);
        }
    }

    @Test
    @Order(1)
    void credentialsAreWrittenForTheOwnerOnly() throws Exception {
        for (String file : List.of("tokens.env", "kafka-operator.properties", "kcat.conf")) {
            assertThat(Files.getPosixFilePermissions(home.resolve(file))).as(file)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    /** A service's SCRAM login from the local Secret the rehearsal wrote for its KafkaUser. */
    private static Map<String, Object> serviceLogin(String service) throws Exception {
        Path secrets = Path.of(endpoints.get("SECRETS_DIR"));
        Map<String, Object> login = new LinkedHashMap<>();
        login.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.get("KAFKA_BOOTSTRAP_SERVERS"));
        login.put("security.protocol", endpoints.get("KAFKA_SECURITY_PROTOCOL"));
        login.put("sasl.mechanism", endpoints.get("KAFKA_SASL_MECHANISM"));
        login.put("sasl.jaas.config", Files.readString(secrets.resolve(service).resolve("sasl.jaas.config")));
        return login;
    }
}
