package io.c360.model;

import io.c360.config.ModelSpec;
import io.c360.config.Models;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;

/** Runs one SQL model of sql/ as its YAML says ({@link ModelRun}). */
public final class ModelStep implements Step {
  private final Lakehouse lake;
  private final Models models;
  private final String model;
  private final String emailRules;
  private final String rules;
  private final RunHistory history;
  private final java.util.Collection<io.c360.config.SourceConfig> sources;

  /**
   * @param emailRules the e-mail normalisation the model's c360_email calls use (conf/identity.yaml)
   * @param sources the declared sources: a model's bronze input not ingested yet is created empty
   */
  public ModelStep(Lakehouse lake, Models models, String model, io.c360.config.EmailRules emailRules,
      java.util.Collection<io.c360.config.SourceConfig> sources) {
    this(lake, models, model, emailRules, sources, "");
  }

  /**
   * @param rules the rules the model's SQL applies through functions and views (gold's profile
   *     rules), part of its definition: when they change, the table is rebuilt
   */
  public ModelStep(Lakehouse lake, Models models, String model, io.c360.config.EmailRules emailRules,
      java.util.Collection<io.c360.config.SourceConfig> sources, String rules) {
    this(lake, models, model, emailRules, sources, rules, new RunHistory(lake));
  }

  /** @param history the job's run history, shared by its steps */
  public ModelStep(Lakehouse lake, Models models, String model, io.c360.config.EmailRules emailRules,
      java.util.Collection<io.c360.config.SourceConfig> sources, String rules, RunHistory history) {
    this.history = history;
    this.rules = rules;
    this.lake = lake;
    this.models = models;
    this.model = model;
    this.emailRules = emailRules.toString();
    this.sources = java.util.List.copyOf(sources);
  }

  @Override
  public StepResult apply(RunContext run) {
    if (models.isView(model)) {
      Views.create(lake, models, model);
      return StepResult.of(0, 0, 0);
    }
    ModelSpec spec = models.spec(model);
    for (io.c360.config.SourceConfig source : sources) {
      if (spec.inputs().contains(source.table())) {
        io.c360.ingest.IngestStep.ensureBronze(lake, source);
      }
    }
    String sql = models.sql(model);
    java.time.LocalDate asOf = lake.env().asOf(run.startedAt());
    // A model that reads the as-of day computes other rows on another day: the day is part of what makes them.
    String definition = sql + "\n" + models.description(model).orElse("") + "\n" + emailRules
        + (rules.isEmpty() ? "" : "\n" + rules)
        + (sql.contains(ModelSpec.AS_OF_VARIABLE) ? "\nas of " + asOf : "");
    java.util.Map<String, String> comments = models.columnComments(model);
    StepResult result = new ModelRun(lake, spec, "sql/" + model + ".sql", definition, history).apply(run, since -> {
      // The SQL reads the batch bound as a session variable: Delta's SQL parser (4.4) drops named
      // parameter markers. The value is a number c360 computed, not text from data; once analysed it
      // is a literal in the plan, so Delta skips the files of older batches.
      lake.spark().sql("DECLARE OR REPLACE VARIABLE " + ModelSpec.SINCE_BATCH_VARIABLE + " BIGINT DEFAULT -1");
      lake.spark().sql("SET VAR " + ModelSpec.SINCE_BATCH_VARIABLE + " = " + Long.toString(since));
      // The day time-relative figures are computed for (reporting.as-of or the run's day), a LocalDate.
      lake.spark().sql("DECLARE OR REPLACE VARIABLE " + ModelSpec.AS_OF_VARIABLE + " DATE DEFAULT current_date()");
      lake.spark().sql("SET VAR " + ModelSpec.AS_OF_VARIABLE + " = DATE'" + asOf + "'");
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = lake.spark().sql(sql);
      ColumnComments.check(comments, java.util.Set.of(rows.columns()), "sql/" + model + ".yml");
      return rows;
    });
    int commented = ColumnComments.apply(lake, Models.table(model), comments);
    return commented == 0 ? result : result.with("column_comments_set", commented);
  }
}
