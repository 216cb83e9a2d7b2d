package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.core.auth.Authorizer;
import dev.estuary.core.auth.ClientAuthorizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request is authenticated and ACL-checked as its device through the SPI: a test {@link Authenticator}
 * (password "secret" for any username; "slow" never answers) and {@link Authorizer} (nobody may publish or
 * subscribe under {@code forbidden/}) on the broker.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthIT {
    private CoapTestGateway gw;
    private CfClient coap;
    private volatile CompletableFuture<AuthResult> slow = new CompletableFuture<>();

    @BeforeAll
    void startGateway(@TempDir Path dir) {
        Authenticator auth = req -> {
            String user = req.client().username();
            if (user == null) {
                return CompletableFuture.completedFuture(AuthResult.allow(null, false));
            }
            if (user.equals("slow")) {
                return slow;
            }
            boolean ok = req.password() != null
                    && new String(req.password(), StandardCharsets.UTF_8).equals("secret");
            return CompletableFuture.completedFuture(ok ? AuthResult.allow(user, false)
                    : AuthResult.deny(ReasonCodes.BAD_USERNAME_OR_PASSWORD, "wrong password"));
        };
        ClientAuthorizer acl = new ClientAuthorizer() {
            @Override
            public boolean canPublish(String topic) {
                return !topic.startsWith("forbidden/");
            }

            @Override
            public boolean canSubscribe(String filter) {
                return !filter.startsWith("forbidden/");
            }

            @Override
            public boolean canReceive(String topic) {
                return !topic.startsWith("forbidden/");
            }
        };
        Authorizer authorizer = client -> acl;
        gw = CoapTestGateway.builder(dir).broker(b -> b.authenticator(auth).authorizer(authorizer))
                .config(c -> c.put("max_pending_requests", 1)).start();
    }

    @AfterAll
    void stopGateway() {
        if (gw != null) {
            gw.close();
        }
    }

    @BeforeEach
    void connect() {
        coap = new CfClient();
    }

    @AfterEach
    void disconnect() {
        coap.close();
    }

    private CoapResponse post(String pathAndQuery) {
        Request post = Request.newPost();
        post.setPayload("x");
        return coap.send(post, gw.coap(pathAndQuery));
    }

    @Test
    void right_password_is_accepted_and_a_wrong_one_is_answered_4_01() {
        assertThat(post("/ps/ok/t?c=auth-1&u=alice&p=secret").getCode()).isEqualTo(ResponseCode.CHANGED);
        CoapResponse wrong = post("/ps/ok/t?c=auth-2&u=alice&p=guess");
        assertThat(wrong.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(wrong.getResponseText()).isEqualTo("bad username or password");
        assertThat(gw.metric("auth_failures")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_wrong_password_does_not_take_over_the_open_session() {
        assertThat(post("/up?c=auth-3&u=bob&p=secret").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post("/up?c=auth-3&u=bob&p=guess").getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(post("/up?c=auth-3&u=bob&p=secret").getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void connection_mode_with_a_wrong_password_is_answered_4_01() {
        CoapResponse r = coap.send(Request.newPost(), gw.coap("/mqtt/connection?c=auth-4&u=carol&p=nope"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
    }

    @Test
    void publishing_where_the_acl_forbids_is_answered_4_03() {
        CoapResponse r = post("/ps/forbidden/t?c=acl-1");
        assertThat(r.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(r.getResponseText()).contains("not authorized to publish to forbidden/t");
        assertThat(post("/ps/allowed/t?c=acl-1").getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void observing_or_reading_where_the_acl_forbids_is_answered_4_03() throws Exception {
        Request observe = Request.newGet();
        observe.setObserve();
        observe.setURI(gw.coap("/ps/forbidden/%23?c=acl-2"));
        Notifications got = new Notifications();
        coap.client().observe(observe, got);
        CoapResponse r = got.next();
        assertThat(r.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(r.getResponseText()).contains("not authorized to subscribe to forbidden/#");
        assertThat(gw.metric("observations")).isZero();

        CoapResponse get = coap.send(Request.newGet(), gw.coap("/ps/forbidden/x?c=acl-2"));
        assertThat(get.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    }

    @Test
    void a_request_past_max_pending_requests_is_answered_5_03_with_max_age() throws Exception {
        CompletableFuture<CoapResponse> first = new CompletableFuture<>();
        Request hanging = Request.newPost();
        hanging.setPayload("x");
        hanging.setURI(gw.coap("/up?c=slow-1&u=slow&p=secret"));
        coap.client().advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                first.complete(response);
            }

            @Override
            public void onError() {
                first.completeExceptionally(new AssertionError("no answer"));
            }
        }, hanging);
        await().until(() -> gw.metric("pending_requests") == 1);

        CoapResponse overloaded = post("/up?c=other-1");
        assertThat(overloaded.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(overloaded.getOptions().getMaxAge()).isEqualTo(1);
        assertThat(overloaded.getResponseText()).contains("overloaded");

        slow.complete(AuthResult.allow("slow", false));
        assertThat(first.get().getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post("/up?c=other-1").getCode()).isEqualTo(ResponseCode.CHANGED);
    }
}
