package io.c360.production;

import org.testcontainers.junit.jupiter.Testcontainers;

/** The object-storage path against MinIO in a container; skipped where no Docker engine answers. */
@Testcontainers(disabledWithoutDocker = true)
class MinioLakehouseIT extends S3LakehouseContract {
  @Override
  S3Endpoint.Provider provider() {
    return MinioEndpoint::start;
  }
}
