package dev.estuary.management.api;

/** The code behind one route: turns a request into a response, or throws an {@link ApiException}. */
@FunctionalInterface
public interface Route {
    ApiResponse handle(ApiRequest request);
}
