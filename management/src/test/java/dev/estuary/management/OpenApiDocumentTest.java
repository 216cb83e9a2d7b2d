package dev.estuary.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.core.Broker;
import dev.estuary.core.session.Lane;
import dev.estuary.core.session.LaneGroup;
import dev.estuary.management.api.Router;
import dev.estuary.management.auth.ApiAuth;
import dev.estuary.management.auth.ApiKeys;
import dev.estuary.management.routes.OpenApiRoutes;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-written OpenAPI document and the routes agree: every route is documented, nothing else is. */
@Timeout(10)
class OpenApiDocumentTest {
    private static final LaneGroup NO_LANES = new LaneGroup() {
        @Override
        public Lane laneFor(String key) {
            return new Lane() {
                @Override
                public boolean inLane() {
                    return true;
                }

                @Override
                public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void execute(Runnable command) {
                    command.run();
                }
            };
        }

        @Override
        public int size() {
            return 1;
        }
    };

    private static Set<String> routes() {
        Broker broker = Broker.builder().lanes(NO_LANES).build();
        ApiKeys keys = new ApiKeys(null, Clock.systemUTC());
        ManagementApi api = new ManagementApi(ManagementContext.builder(broker, keys).build(), new ApiAuth(keys, null));
        Set<String> out = new TreeSet<>();
        for (Router.Entry e : api.router().entries()) {
            out.add(e.method() + " " + e.openApiPath());
        }
        return out;
    }

    private static Set<String> documented(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = doc.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                out.add(methods.next().toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return out;
    }

    @Test
    void every_route_is_in_the_document_and_every_documented_route_exists() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(OpenApiRoutes.document());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(documented(doc)).containsExactlyElementsOf(routes());
    }

    @Test
    void every_operation_has_a_summary_and_responses_and_every_reference_resolves() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(OpenApiRoutes.document());
        doc.get("paths").forEach(path -> path.forEach(op -> {
            assertThat(op.path("summary").asText()).isNotBlank();
            assertThat(op.path("responses").size()).isPositive();
        }));
        for (String ref : refs(doc, new TreeSet<>())) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static Set<String> refs(JsonNode n, Set<String> out) {
        if (n.has("$ref")) {
            out.add(n.get("$ref").asText());
        }
        n.forEach(child -> refs(child, out));
        return out;
    }
}
