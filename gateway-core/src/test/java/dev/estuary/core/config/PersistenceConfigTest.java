package dev.estuary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PersistenceConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of());

    @Test
    void defaults_sync_every_second() {
        PersistenceConfig c = EstuaryConfig.DEFAULTS.persistence();
        assertThat(c.syncPolicy()).isEqualTo(PersistenceConfig.Sync.INTERVAL);
        assertThat(c.enabled()).isTrue();
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.maxPending()).isEqualTo(ByteSize.parse("64MB"));
        assertThat(c.compactAfter()).isEqualTo(ByteSize.parse("64MB"));
    }

    @Test
    void section_binds_from_yaml() {
        EstuaryConfig c = loader.parse("persistence:\n  sync: ALWAYS\n  interval: 250ms\n  max_pending: 8MB\n"
                + "  compact_after: 1GB\n", "estuary.yaml");
        assertThat(c.persistence().syncPolicy()).isEqualTo(PersistenceConfig.Sync.ALWAYS);
        assertThat(c.persistence().interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.persistence().maxPending().bytes()).isEqualTo(8L << 20);
        assertThat(c.persistence().compactAfter().bytes()).isEqualTo(1L << 30);
        assertThat(loader.parse("persistence:\n  sync: none\n", "estuary.yaml").persistence().enabled()).isFalse();
    }

    @Test
    void bad_values_name_the_dotted_key() {
        assertThatThrownBy(() -> loader.parse("persistence:\n  sync: sometimes\n", "estuary.yaml"))
                .isInstanceOf(ConfigLoadException.class).hasMessageContaining("persistence.sync")
                .hasMessageContaining("always, interval, none");
        assertThatThrownBy(() -> loader.parse("persistence:\n  interval: 1ms\n", "estuary.yaml"))
                .isInstanceOf(ConfigLoadException.class).hasMessageContaining("persistence.interval");
        assertThatThrownBy(() -> PersistenceConfig.DEFAULTS.withMaxPending(ByteSize.of(1000)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("max_pending:");
    }
}
