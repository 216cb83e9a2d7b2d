package dev.estuary.core.auth;

class InMemoryUserStoreTest extends UserStoreContractTest {
    @Override
    protected UserStore create() {
        return new InMemoryUserStore(CLOCK);
    }
}
