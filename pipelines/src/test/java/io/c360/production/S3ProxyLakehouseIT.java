package io.c360.production;

/** The object-storage path against S3Proxy in a child JVM: runs everywhere, CI included. */
class S3ProxyLakehouseIT extends S3LakehouseContract {
  @Override
  S3Endpoint.Provider provider() {
    return S3ProxyEndpoint::start;
  }
}
