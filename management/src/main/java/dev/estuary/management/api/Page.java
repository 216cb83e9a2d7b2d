package dev.estuary.management.api;

import java.util.List;

/**
 * One page of a list, as the API returns it: {@code {"data": [...], "meta": {"page": 1, "limit": 100,
 * "count": 1234, "hasnext": true}}}. {@code page} starts at 1; {@code count} is the number of matching items.
 *
 * @param data the items of this page
 * @param meta where the page is
 */
public record Page<T>(List<T> data, Meta meta) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    /** Paging facts. */
    public record Meta(int page, int limit, int count, boolean hasnext) {
    }

    /** The page the request's {@code page} and {@code limit} query parameters select from {@code all}. */
    public static <T> Page<T> of(List<T> all, ApiRequest request) {
        int page = request.intQuery("page", 1, 1, Integer.MAX_VALUE);
        int limit = request.intQuery("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long from = (long) (page - 1) * limit;
        List<T> data = from >= all.size() ? List.of()
                : all.subList((int) from, (int) Math.min(all.size(), from + limit));
        return new Page<>(data, new Meta(page, limit, all.size(), from + limit < all.size()));
    }
}
