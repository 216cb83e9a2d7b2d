package dev.estuary.core.acl;

class InMemoryAclStoreTest extends AclStoreContractTest {
    @Override
    protected AclStore create() {
        return new InMemoryAclStore();
    }
}
