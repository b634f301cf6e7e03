import weka.core.WekaPackageManager;
import weka.gui.GenericObjectEditor;

/** Prints the classes the Explorer's object editor offers for classifiers and prediction outputs. */
public class CheckGoe extends GenericObjectEditor {
  public static void main(String[] args) {
    WekaPackageManager.loadPackages(false);
    GenericObjectEditor.determineClasses();
    System.out.println("classifiers=" + EDITOR_PROPERTIES.getProperty("weka.classifiers.Classifier"));
    System.out.println("outputs=" + EDITOR_PROPERTIES.getProperty(
        "weka.classifiers.evaluation.output.prediction.AbstractOutput"));
  }
}
