package io.llmcache.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmcache.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanCatalogTest {

    private static final ObjectMapper MAPPER = new Json().mapper();

    private final PlanCatalog catalog = PlanCatalog.load("plans/v1.json", MAPPER);

    @Test
    void holdsThePlansOfTheDesignInOrder() {
        assertThat(catalog.version()).isEqualTo("v1");
        assertThat(catalog.ids()).containsExactly("free", "startup", "business", "enterprise");
        assertThat(catalog.defaultPlan().id()).isEqualTo("free");

        Plan free = catalog.get("free");
        assertThat(free.monthlyRequests()).isEqualTo(1_000);
        assertThat(free.maxKeys()).isEqualTo(1);
        assertThat(free.retentionDays()).isEqualTo(1);
        assertThat(free.analyticsDays()).isEqualTo(7);
        assertThat(free.baseFeeUsd()).isEqualByComparingTo("0");
        assertThat(free.hardStop()).isTrue();

        Plan startup = catalog.get("startup");
        assertThat(startup.name()).isEqualTo("Startup");
        assertThat(startup.monthlyRequests()).isEqualTo(25_000);
        assertThat(startup.maxKeys()).isEqualTo(5);
        assertThat(startup.retentionDays()).isEqualTo(7);
        assertThat(startup.analyticsDays()).isEqualTo(30);
        assertThat(startup.baseFeeUsd()).isEqualTo(new BigDecimal("29.00"));
        assertThat(startup.overagePerRequestUsd()).contains(new BigDecimal("0.002"));
        assertThat(startup.hardStop()).isFalse();

        Plan business = catalog.get("business");
        assertThat(business.monthlyRequests()).isEqualTo(500_000);
        assertThat(business.maxKeys()).isEqualTo(25);
        assertThat(business.retentionDays()).isEqualTo(30);
        assertThat(business.analyticsDays()).isEqualTo(90);
        assertThat(business.baseFeeUsd()).isEqualTo(new BigDecimal("199.00"));
        assertThat(business.overagePerRequestUsd()).contains(new BigDecimal("0.0015"));

        Plan enterprise = catalog.get("enterprise");
        assertThat(enterprise.analyticsDays()).isEqualTo(365);
        assertThat(enterprise.baseFeeUsd()).isEqualTo(new BigDecimal("999.00"));
        assertThat(enterprise.overagePerRequestUsd()).contains(new BigDecimal("0.001"));
    }

    @Test
    void moneyStaysExact() {
        // 10,000 extra Business requests: a double would give 14.999999999999998.
        BigDecimal overage = catalog.get("business").overagePerRequestUsd().orElseThrow()
                .multiply(BigDecimal.valueOf(10_000));
        assertThat(overage).isEqualByComparingTo("15");
    }

    @Test
    void unknownIdsAreEmptyOrAnErrorNamingTheValidOnes() {
        assertThat(catalog.find("gold")).isEmpty();
        assertThat(catalog.find("FREE")).isEmpty();
        assertThatThrownBy(() -> catalog.get("gold"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'gold'")
                .hasMessageContaining("free, startup, business, enterprise");
    }

    @Test
    void refusesMoneyWrittenAsAJsonNumber() {
        assertThatThrownBy(() -> PlanCatalog.fromJson(json(
                "{'version':'t','default_plan':'a','plans':[" + plan("a", "1", "1.5", null) + "]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decimal string");
    }

    @Test
    void refusesDuplicatesAMissingDefaultAndNonsenseLimits() {
        assertThatThrownBy(() -> PlanCatalog.fromJson(json("{'version':'t','default_plan':'a','plans':["
                + plan("a", "1", "'0'", null) + "," + plan("a", "2", "'0'", null) + "]}")))
                .hasMessageContaining("'a' twice");
        assertThatThrownBy(() -> PlanCatalog.fromJson(json("{'version':'t','default_plan':'b','plans':["
                + plan("a", "1", "'0'", null) + "]}")))
                .hasMessageContaining("default plan 'b'");
        assertThatThrownBy(() -> PlanCatalog.fromJson(json("{'version':'t','default_plan':'a','plans':["
                + plan("a", "0", "'0'", null) + "]}")))
                .hasMessageContaining("max_keys 0");
        assertThatThrownBy(() -> PlanCatalog.fromJson(json("{'version':'t','default_plan':'a','plans':["
                + plan("a", "1", "'0'", "'-0.1'") + "]}")))
                .hasMessageContaining("overage_per_request_usd -0.1");
        assertThatThrownBy(() -> PlanCatalog.fromJson(json("{'version':'t','default_plan':'a','plans':["
                + plan("a", "1.5", "'0'", null) + "]}")))
                .hasMessageContaining("not a whole number");
    }

    @Test
    void aValidMinimalCatalogLoads() {
        PlanCatalog minimal = PlanCatalog.fromJson(json("{'version':'t','default_plan':'a','plans':["
                + plan("a", "3", "'0'", "'0.5'") + "]}"));
        assertThat(minimal.defaultPlan().maxKeys()).isEqualTo(3);
        assertThat(minimal.defaultPlan().overagePerRequestUsd()).isEqualTo(Optional.of(new BigDecimal("0.5")));
    }

    @Test
    void aMissingFileFailsAtStartUp() {
        assertThatThrownBy(() -> PlanCatalog.load("plans/nope.json", MAPPER))
                .hasMessageContaining("plans/nope.json");
    }

    private static String plan(String id, String maxKeys, String fee, String overage) {
        return "{'id':'" + id + "','name':'" + id + "','monthly_requests':10,'max_keys':" + maxKeys
                + ",'retention_days':1,'analytics_days':1,'base_fee_usd':" + fee
                + ",'overage_per_request_usd':" + overage + "}";
    }

    private static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
