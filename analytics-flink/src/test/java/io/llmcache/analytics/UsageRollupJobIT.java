package io.llmcache.analytics;

import static io.llmcache.analytics.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.analytics.deadletter.DeadLetterSerializer;
import io.llmcache.analytics.deadletter.DeadLetterSink;
import io.llmcache.analytics.deadletter.DeadLetterTopic;
import io.llmcache.analytics.events.UsageKafkaSource;
import io.llmcache.analytics.store.AnalyticsSchema;
import io.llmcache.analytics.store.UsageRollupSink;
import io.llmcache.proto.v1.CacheResult;
import io.llmcache.proto.v1.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job against the real Kafka broker and PostgreSQL, on a MiniCluster: exact rollups, the exact
 * per-minute totals the gateway reads through {@code analytics.usage_minute_v}, and the records that
 * cannot be counted on a fresh dead-letter topic.
 */
class UsageRollupJobIT {
  private static final int UNIQUE_EVENTS = 60;
  private static final int DUPLICATES = 12;
  private static final int OTHER_TENANT_EVENTS = 5;
  private static final List<String> MODELS = List.of("gpt-4o-mini", "claude-3-5-haiku");
  private static final List<String> KEYS = List.of("key-a", "key-b", "key-c");
  private static final CacheResult[] RESULTS = {
      CacheResult.CACHE_RESULT_MISS, CacheResult.CACHE_RESULT_EXACT, CacheResult.CACHE_RESULT_SEMANTIC,
      CacheResult.CACHE_RESULT_BYPASS, CacheResult.CACHE_RESULT_ERROR, CacheResult.CACHE_RESULT_REJECTED,
      CacheResult.CACHE_RESULT_EXACT, CacheResult.CACHE_RESULT_MISS};

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1)
          .setNumberSlotsPerTaskManager(2)
          .setConfiguration(noRestarts())
          .build());

  private static AnalyticsConfig config;
  private static Admin admin;
  private static String topic;

  private final String tenant = "it-tenant-" + UUID.randomUUID();
  private final String otherTenant = "it-tenant-" + UUID.randomUUID();

  @BeforeAll
  static void setUpServices() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("LLMCACHE_USAGE_DLQ_TOPIC", "it-usage-dlq-" + UUID.randomUUID());
    config = AnalyticsConfig.fromEnv(env);
    AnalyticsSchema.migrate(config.postgres());
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()));
  }

  @AfterAll
  static void tearDownServices() throws Exception {
    if (topic != null) {
      admin.deleteTopics(List.of(topic, config.deadLetterTopic())).all().get();
    }
    admin.close();
  }

  @Test
  void usageMinuteViewKeepsTheGatewayContract() throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(
            config.postgres().url(), config.postgres().user(), config.postgres().password());
        PreparedStatement ps = c.prepareStatement("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'analytics' AND table_name = 'usage_minute_v' ORDER BY ordinal_position""");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        columns.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    assertThat(columns).containsExactly(
        "tenant_id text", "model text", "minute timestamp with time zone",
        "requests bigint", "exact_hits bigint", "semantic_hits bigint", "misses bigint", "bypasses bigint",
        "errors bigint", "prompt_tokens bigint", "completion_tokens bigint", "tokens_saved bigint",
        "upstream_cost_micros bigint", "saved_cost_micros bigint", "updated_at timestamp with time zone");
  }

  @Test
  void rollsUpDeduplicatedEventsAndAReplayRewritesTheSameTotals() throws Exception {
    topic = "it-usage-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();

    Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
    List<UsageEvent> unique = new ArrayList<>();
    for (int i = 0; i < UNIQUE_EVENTS; i++) {
      Instant time = base.plus(Duration.ofMinutes(i % 3)).plusMillis(i * 937L % 60_000);
      unique.add(event(UUID.randomUUID().toString(), tenant, MODELS.get(i % 2), time,
          RESULTS[i % RESULTS.length], 10 + i, 5 + 2L * i)
          .setApiKeyId(KEYS.get(i % KEYS.size()))
          .setLatencyMs(1 + (i * 37) % 900)
          .build());
    }
    Random random = new Random(7);
    List<Future<RecordMetadata>> badRecords = new ArrayList<>();
    byte[] garbage = new byte[64];
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (UsageEvent e : unique) {
        send(producer, tenant, e.toByteArray());
      }
      // Producer retries and spool replays: the same events again, out of order.
      for (int i = 0; i < DUPLICATES; i++) {
        send(producer, tenant, unique.get(random.nextInt(UNIQUE_EVENTS)).toByteArray());
      }
      random.nextBytes(garbage);
      badRecords.add(send(producer, tenant, garbage));
      badRecords.add(send(producer, tenant, event("v2-" + UUID.randomUUID(), tenant, MODELS.get(0), base,
          CacheResult.CACHE_RESULT_MISS, 1, 1).setSchemaVersion(2).build().toByteArray()));
      badRecords.add(send(producer, tenant, event(UUID.randomUUID().toString(), "", MODELS.get(0), base,
          CacheResult.CACHE_RESULT_MISS, 1, 1).build().toByteArray()));
      for (int i = 0; i < OTHER_TENANT_EVENTS; i++) {
        send(producer, otherTenant, event(UUID.randomUUID().toString(), otherTenant, MODELS.get(0), base,
            CacheResult.CACHE_RESULT_EXACT, 100, 100).build().toByteArray());
      }
      producer.flush();
    }

    Map<String, List<Long>> expected = expectedRows(unique);
    assertThat(expected).hasSize(6);

    runBoundedJob();
    Map<String, List<Long>> firstRun = rows(tenant);
    assertThat(firstRun).isEqualTo(expected);
    assertThat(firstRun.values().stream().mapToLong(r -> r.get(0)).sum()).isEqualTo(UNIQUE_EVENTS);
    assertThat(rows(otherTenant)).containsOnlyKeys(MODELS.get(0) + "@" + base)
        .containsValue(List.of(5L, 5L, 0L, 0L, 0L, 0L, 500L, 500L, 1000L, 0L, 5L * 1800));

    List<ConsumerRecord<byte[], byte[]>> deadLetters = deadLetters(3);
    assertThat(deadLetters).extracting(r -> header(r, DeadLetterSerializer.REASON_HEADER)).satisfiesExactly(
        reason -> assertThat(reason).startsWith("not a UsageEvent"),
        reason -> assertThat(reason).startsWith("unknown schema_version 2"),
        reason -> assertThat(reason).startsWith("missing tenant_id"));
    assertThat(deadLetters.get(0).value()).isEqualTo(garbage);
    for (int i = 0; i < 3; i++) {
      RecordMetadata source = badRecords.get(i).get();
      assertThat(new String(deadLetters.get(i).key(), StandardCharsets.UTF_8)).isEqualTo(tenant);
      assertThat(header(deadLetters.get(i), DeadLetterSerializer.TOPIC_HEADER)).isEqualTo(topic);
      assertThat(header(deadLetters.get(i), DeadLetterSerializer.PARTITION_HEADER))
          .isEqualTo(Integer.toString(source.partition()));
      assertThat(header(deadLetters.get(i), DeadLetterSerializer.OFFSET_HEADER))
          .isEqualTo(Long.toString(source.offset()));
    }

    Map<String, RollupRow> rollups = rollupRows(tenant);
    assertRollupsAgreeWithMinuteRows(rollups, firstRun);

    // A restarted job without state reads the topic again: it must rewrite, never add.
    runBoundedJob();
    assertThat(rows(tenant)).isEqualTo(firstRun);
    assertThat(rollupRows(tenant)).isEqualTo(rollups);
  }

  /**
   * Per-key minute rows sum to the per-model minute rows; hour, day and month rows (and their latency
   * histograms) are the sums of the minute rows they cover; every row's percentiles are those of its
   * histogram as computed by the SQL function the gateway uses to merge rows.
   */
  private static void assertRollupsAgreeWithMinuteRows(Map<String, RollupRow> rollups,
      Map<String, List<Long>> minuteRows) {
    Map<String, RollupRow> minutes = new TreeMap<>();
    rollups.forEach((k, v) -> {
      if (v.granularity().equals("minute")) {
        minutes.put(k, v);
      }
    });
    assertThat(minutes.values().stream().map(RollupRow::apiKeyId).distinct()).containsExactlyInAnyOrderElementsOf(KEYS);
    Map<String, List<Long>> perModel = new TreeMap<>();
    for (RollupRow row : minutes.values()) {
      perModel.merge(row.model() + "@" + row.bucketStart(), row.counts(), UsageRollupJobIT::add);
    }
    assertThat(perModel).isEqualTo(minuteRows);

    for (String granularity : List.of("hour", "day", "month")) {
      Map<String, RollupRow> expected = new TreeMap<>();
      for (RollupRow m : minutes.values()) {
        RollupRow coarse = new RollupRow(granularity, truncate(m.bucketStart(), granularity), m.model(),
            m.apiKeyId(), m.counts(), m.histogram(), 0, 0);
        expected.merge(coarse.id(), coarse, (a, b) -> new RollupRow(granularity, a.bucketStart(), a.model(),
            a.apiKeyId(), add(a.counts(), b.counts()), add(a.histogram(), b.histogram()), 0, 0));
      }
      Map<String, RollupRow> actual = new TreeMap<>();
      rollups.forEach((k, v) -> {
        if (v.granularity().equals(granularity)) {
          actual.put(k, v.withoutPercentiles());
        }
      });
      assertThat(actual).as(granularity).isEqualTo(expected);
    }
    assertThat(rollups.values()).allSatisfy(row -> {
      assertThat(row.p50()).isPositive().isLessThanOrEqualTo(row.p95());
      assertThat(row.p95()).isLessThan(1_000);
    });
  }

  private static Instant truncate(Instant minute, String granularity) {
    return switch (granularity) {
      case "hour" -> minute.truncatedTo(ChronoUnit.HOURS);
      case "day" -> minute.truncatedTo(ChronoUnit.DAYS);
      default -> minute.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    };
  }

  private static List<Long> add(List<Long> a, List<Long> b) {
    List<Long> sum = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      sum.add((i < a.size() ? a.get(i) : 0L) + (i < b.size() ? b.get(i) : 0L));
    }
    return sum;
  }

  /** One row of {@code analytics.usage_rollup_v}; counts in the order of {@link #expectedRows}. */
  private record RollupRow(String granularity, Instant bucketStart, String model, String apiKeyId,
      List<Long> counts, List<Long> histogram, long p50, long p95) {

    String id() {
      return granularity + "/" + bucketStart + "/" + model + "/" + apiKeyId;
    }

    RollupRow withoutPercentiles() {
      return new RollupRow(granularity, bucketStart, model, apiKeyId, counts, histogram, 0, 0);
    }
  }

  private static Map<String, RollupRow> rollupRows(String tenantId) throws Exception {
    Map<String, RollupRow> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(
            config.postgres().url(), config.postgres().user(), config.postgres().password());
        PreparedStatement ps = c.prepareStatement("""
            SELECT granularity, bucket_start, model, api_key_id, requests, exact_hits, semantic_hits, misses,
                   bypasses, errors, prompt_tokens, completion_tokens, tokens_saved, upstream_cost_micros,
                   saved_cost_micros, latency_histogram, latency_p50_ms, latency_p95_ms,
                   analytics.latency_quantile(latency_histogram, 0.5),
                   analytics.latency_quantile(latency_histogram, 0.95)
            FROM analytics.usage_rollup_v WHERE tenant_id = ?""")) {
      ps.setString(1, tenantId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Long> counts = new ArrayList<>();
          for (int col = 5; col <= 15; col++) {
            counts.add(rs.getLong(col));
          }
          List<Long> histogram = List.of((Long[]) rs.getArray(16).getArray());
          RollupRow row = new RollupRow(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
              rs.getString(4), counts, histogram, rs.getLong(17), rs.getLong(18));
          // The job's percentiles and the SQL function the gateway merges with must agree.
          assertThat(List.of(rs.getLong(19), rs.getLong(20))).as(row.id()).containsExactly(row.p50(), row.p95());
          rows.put(row.id(), row);
        }
      }
    }
    return rows;
  }

  /** The dead-letter topic from the beginning, until {@code expected} arrived and a little longer. */
  private static List<ConsumerRecord<byte[], byte[]>> deadLetters(int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(config.deadLetterTopic()));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        if (records.size() >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        }
      }
    }
    return records;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private void runBoundedJob() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    RollupSettings settings = RollupSettings.defaults();
    DeadLetterTopic.ensure(config.kafkaBootstrap(), config.deadLetterTopic(), Duration.ofSeconds(30));
    new UsageRollupJob(
        UsageKafkaSource.builder(config.kafkaBootstrap(), topic, "it-" + UUID.randomUUID())
            .setBounded(OffsetsInitializer.latest())
            .build(),
        UsageRollupSink.create(config.postgres(), settings.sinkBatchInterval()),
        DeadLetterSink.create(config.kafkaBootstrap(), config.deadLetterTopic()),
        settings)
        .build(env);
    env.execute("usage-rollup-it");
  }

  /**
   * Per "model@minute": requests, exact, semantic, misses, bypasses, errors, prompt tokens,
   * completion tokens, tokens saved, upstream micros, saved micros.
   */
  private static Map<String, List<Long>> expectedRows(List<UsageEvent> events) {
    Map<String, long[]> sums = new TreeMap<>();
    for (UsageEvent e : events) {
      Instant minute = Instant.ofEpochSecond(e.getTime().getSeconds()).truncatedTo(ChronoUnit.MINUTES);
      long[] s = sums.computeIfAbsent(e.getModel() + "@" + minute, k -> new long[11]);
      s[0]++;
      switch (e.getResult()) {
        case CACHE_RESULT_EXACT -> s[1]++;
        case CACHE_RESULT_SEMANTIC -> s[2]++;
        case CACHE_RESULT_MISS -> s[3]++;
        case CACHE_RESULT_BYPASS -> s[4]++;
        default -> s[5]++;
      }
      s[6] += e.getPromptTokens();
      s[7] += e.getCompletionTokens();
      if (e.getResult() == CacheResult.CACHE_RESULT_EXACT || e.getResult() == CacheResult.CACHE_RESULT_SEMANTIC) {
        s[8] += e.getPromptTokens() + e.getCompletionTokens();
      }
      s[9] += e.getUpstreamCostMicros();
      s[10] += e.getSavedCostMicros();
    }
    Map<String, List<Long>> rows = new TreeMap<>();
    sums.forEach((k, v) -> rows.put(k, java.util.Arrays.stream(v).boxed().toList()));
    return rows;
  }

  /** The gateway's view of one tenant, per "model@minute" in the order of {@link #expectedRows}. */
  private static Map<String, List<Long>> rows(String tenantId) throws Exception {
    Map<String, List<Long>> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(
            config.postgres().url(), config.postgres().user(), config.postgres().password());
        PreparedStatement ps = c.prepareStatement("""
            SELECT model, minute, requests, exact_hits, semantic_hits, misses, bypasses, errors,
                   prompt_tokens, completion_tokens, tokens_saved, upstream_cost_micros, saved_cost_micros
            FROM analytics.usage_minute_v WHERE tenant_id = ?""")) {
      ps.setString(1, tenantId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Long> values = new ArrayList<>();
          for (int col = 3; col <= 13; col++) {
            values.add(rs.getLong(col));
          }
          rows.put(rs.getString(1) + "@" + rs.getTimestamp(2).toInstant(), values);
        }
      }
    }
    return rows;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
  }

  private static Configuration noRestarts() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }
}
