package dev.headway.jdbc.internal;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The condition that a column holds one of a list of values, and how to bind them: the SQL text and its binding
 * come from one place, so they cannot disagree. Made by {@link Dialect#oneOf}.
 */
public final class OneOf {
  private final String sql;
  private final String name;
  private final List<String> values;
  private final boolean asArray;

  private OneOf(String sql, String name, List<String> values, boolean asArray) {
    this.sql = sql;
    this.name = name;
    this.values = values;
    this.asArray = asArray;
  }

  /** {@code column = ANY(:name)}, the values bound as one array: one statement text for any number of values. */
  static OneOf array(String column, String name, Collection<String> values) {
    return new OneOf(column + " = ANY(:" + name + ")", name, requireSome(values), true);
  }

  /**
   * {@code column IN (:name_0, :name_1, ...)}, one parameter per value, for databases without arrays. A heartbeat
   * or a write-behind batch passes at most a thousand; a caller's {@code findAll} may pass more, which the drivers'
   * default client-side prepared statements take (server-side ones stop at 65,535 parameters).
   */
  static OneOf expanded(String column, String name, Collection<String> values) {
    List<String> list = requireSome(values);
    StringBuilder sql = new StringBuilder(column).append(" IN (");
    for (int i = 0; i < list.size(); i++) {
      sql.append(i == 0 ? ":" : ", :").append(name).append('_').append(i);
    }
    return new OneOf(sql.append(')').toString(), name, list, false);
  }

  private static List<String> requireSome(Collection<String> values) {
    if (values.isEmpty()) {
      // "IN ()" is no SQL, and an empty array matches nothing: callers skip the statement instead.
      throw new IllegalArgumentException("a list of values to match must not be empty");
    }
    return List.copyOf(values);
  }

  /**
   * Returns the condition.
   *
   * @return the SQL text
   */
  public String sql() {
    return sql;
  }

  /**
   * Binds the values to a statement that contains {@link #sql()}.
   *
   * @param statement the statement
   * @param <S> its type
   * @return the statement
   */
  public <S extends SqlStatement<S>> S bind(S statement) {
    if (asArray) {
      return statement.bindArray(name, String.class, values);
    }
    for (int i = 0; i < values.size(); i++) {
      statement.bind(name + "_" + i, values.get(i));
    }
    return statement;
  }
}
