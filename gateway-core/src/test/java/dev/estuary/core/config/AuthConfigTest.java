package dev.estuary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AuthConfigTest {
    @Test
    void defaults_keep_the_quick_start_open() {
        AuthConfig c = EstuaryConfig.DEFAULTS.auth();
        assertThat(c.allowAnonymous()).isTrue();
        assertThat(c.nomatchAllows()).isTrue();
        assertThat(c.disconnectOnDeniedPublish()).isFalse();
        assertThat(c.aclCacheSize()).isEqualTo(32);
        assertThat(c.passwordHashIterations()).isEqualTo(100_000);
        assertThat(c.credentialCacheSize()).isEqualTo(10_000);
        assertThat(c.clientidAuth()).isFalse();
        assertThat(c.certAuth()).isFalse();
        assertThat(c.reloadInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void snake_case_yaml_binds() throws Exception {
        String yaml = "allow_anonymous: false\nacl_nomatch: DENY\nacl_deny_action: disconnect\n"
                + "password_hash_iterations: 200000\nacl_cache_size: 0\ncert_auth: true\n";
        AuthConfig c = new ObjectMapper(new YAMLFactory()).readValue(yaml, AuthConfig.class);
        assertThat(c.allowAnonymous()).isFalse();
        assertThat(c.nomatchAllows()).isFalse();
        assertThat(c.disconnectOnDeniedPublish()).isTrue();
        assertThat(c.passwordHashIterations()).isEqualTo(200_000);
        assertThat(c.aclCacheSize()).isZero();
        assertThat(c.certAuth()).isTrue();
    }

    @Test
    void bad_values_name_the_key() {
        assertThatThrownBy(() -> AuthConfig.DEFAULTS.withAclNomatch("maybe"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("acl_nomatch:");
        assertThatThrownBy(() -> AuthConfig.DEFAULTS.withAclDenyAction("explode"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("acl_deny_action:");
        assertThatThrownBy(() -> AuthConfig.DEFAULTS.withPasswordHashIterations(10))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("password_hash_iterations:");
    }
}
