package weka.classifiers.functions.bnmlp.options;

import weka.core.SelectedTag;
import weka.core.Tag;

/**
 * Turns {@link Choice} enums into Weka's {@link SelectedTag} drop-downs, whose ID strings are the
 * command-line spellings ({@link AnnotatedOptions} parses those, naming the accepted ones).
 */
public final class Choices {

  private Choices() {
  }

  /** Weka tags for the GUI; the tag id is the ordinal, the id string the command-line spelling. */
  public static <E extends Enum<E> & Choice> Tag[] tags(Class<E> type) {
    E[] values = type.getEnumConstants();
    Tag[] tags = new Tag[values.length];
    for (E e : values) {
      tags[e.ordinal()] = new Tag(e.ordinal(), e.optionValue(), e.label(), false);
    }
    return tags;
  }

  public static <E extends Enum<E> & Choice> SelectedTag selected(E value) {
    return new SelectedTag(value.ordinal(), tags(value.getDeclaringClass()));
  }

  /** The enum constant a GUI selection stands for; rejects tags of another option. */
  public static <E extends Enum<E> & Choice> E fromTag(SelectedTag tag, Class<E> type) {
    String id = tag.getSelectedTag().getIDStr();
    for (E e : type.getEnumConstants()) {
      if (e.optionValue().equals(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException("'" + id + "' is not a " + type.getSimpleName() + " value");
  }
}
