package io.c360.production;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** An S3-compatible server for a test: where it listens and the key pair it accepts. */
interface S3Endpoint extends AutoCloseable {
  /** e.g. http://127.0.0.1:38211 */
  URI uri();

  String accessKey();

  String secretKey();

  /** Starts one; {@code dir} is the test's scratch folder. */
  interface Provider {
    S3Endpoint start(Path dir) throws Exception;
  }

  /** A client of the AWS SDK (not S3A) for the test's own look at the bucket. */
  default S3Client client() {
    return S3Client.builder()
        .endpointOverride(uri())
        .region(Region.US_EAST_1)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
        .build();
  }

  @Override
  void close();
}
