package io.c360.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text cut into statements at semicolons that are not inside a quoted string ('...', "..."),
 * a quoted name (`...`) or a comment (-- to the end of the line, /* ... *&#47;). A statement starts at
 * its first token (comments before it are left out) and keeps the line of that token, for error
 * messages. No Spark.
 */
final class SqlScript {
  /** One statement, without its semicolon, and the 1-based line where its first token is. */
  record Statement(String text, int line) {}

  /**
   * The statements of a script that end with a semicolon; {@code tail}, the statement begun after the
   * last one (null if only blanks and comments follow); {@code open}, whether the text ends inside a
   * statement, a quote or a comment.
   */
  record Cut(List<Statement> statements, Statement tail, boolean open) {}

  private enum State { CODE, SINGLE, DOUBLE, BACKTICK, LINE_COMMENT, BLOCK_COMMENT }

  private SqlScript() {}

  /** Every statement of {@code text}; a last one without a semicolon counts too (a file's last line). */
  static List<Statement> statements(String text) {
    Cut cut = cut(text);
    if (cut.tail() == null) {
      return cut.statements();
    }
    List<Statement> all = new ArrayList<>(cut.statements());
    all.add(cut.tail());
    return all;
  }

  /** True when {@code text} holds at least one statement and ends after a semicolon (a shell runs it then). */
  static boolean complete(String text) {
    Cut cut = cut(text);
    return !cut.open() && !cut.statements().isEmpty();
  }

  static Cut cut(String text) {
    List<Statement> out = new ArrayList<>();
    State state = State.CODE;
    int firstToken = -1;    // its first character outside comments and blanks
    int line = 1;
    int firstLine = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
      switch (state) {
        case CODE -> {
          if (c == '-' && next == '-') {
            state = State.LINE_COMMENT;
            i++;
          } else if (c == '/' && next == '*') {
            state = State.BLOCK_COMMENT;
            i++;
          } else if (c == ';') {
            if (firstToken >= 0) {
              out.add(new Statement(text.substring(firstToken, i).strip(), firstLine));
            }
            firstToken = -1;
          } else if (!Character.isWhitespace(c)) {
            if (firstToken < 0) {
              firstToken = i;
              firstLine = line;
            }
            state = c == '\'' ? State.SINGLE : c == '"' ? State.DOUBLE : c == '`' ? State.BACKTICK : State.CODE;
          }
        }
        case SINGLE, DOUBLE -> {
          if (c == '\\') {
            i++; // Spark SQL's escapes: the next character is taken as it is
            if (next == '\n') {
              line++;
            }
          } else if (c == (state == State.SINGLE ? '\'' : '"')) {
            state = State.CODE;
          }
        }
        case BACKTICK -> {
          if (c == '`') {
            state = State.CODE;
          }
        }
        case LINE_COMMENT -> {
          if (c == '\n') {
            state = State.CODE;
          }
        }
        case BLOCK_COMMENT -> {
          if (c == '*' && next == '/') {
            state = State.CODE;
            i++;
          }
        }
      }
      if (c == '\n') {
        line++;
      }
    }
    boolean inside = state == State.SINGLE || state == State.DOUBLE || state == State.BACKTICK
        || state == State.BLOCK_COMMENT;
    Statement tail = firstToken < 0 ? null : new Statement(text.substring(firstToken).strip(), firstLine);
    return new Cut(out, tail, inside || firstToken >= 0);
  }
}
