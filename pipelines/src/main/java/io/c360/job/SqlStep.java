package io.c360.job;

import io.c360.config.Models;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;

/** Runs one SQL model from sql/ and replaces its table with the result. */
final class SqlStep implements Step {
  private final Lakehouse lake;
  private final Models models;
  private final String model;

  SqlStep(Lakehouse lake, Models models, String model) {
    this.lake = lake;
    this.models = models;
    this.model = model;
  }

  @Override
  public StepResult apply(RunContext context) {
    TableName table = Models.table(model);
    lake.overwrite(table, lake.spark().sql(models.sql(model)));
    long written = lake.read(table).count();
    return StepResult.of(0, written, 0);
  }
}
