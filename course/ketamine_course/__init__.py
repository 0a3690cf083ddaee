"""Ketamine, Depression and the Evidence: the course's own Python package.

Every lesson notebook imports this package.  Models, data loading, plotting
and widget wiring live here, one module per idea, so that notebooks stay
short and everything that computes a number is tested:

- :mod:`ketamine_course.data`: find and load the datasets in ``data/``
  and check them against their data dictionary.
- :mod:`ketamine_course.plots`: the colour-blind-safe palette, figures with
  titles, labelled axes and alt text.
- :mod:`ketamine_course.evidence`: effect sizes, positive predictive value, cumulative remission.
- :mod:`ketamine_course.history`: the timeline of the monoamine hypothesis and of ketamine.
- :mod:`ketamine_course.timecourse`: published response rates over time, and what is interpolated.
- :mod:`ketamine_course.pathway`: the NMDA-to-synapse pathway model and the experiments on it.
- :mod:`ketamine_course.pk`: a two-compartment pharmacokinetic model of ketamine by route;
  :mod:`ketamine_course.pkplots` draws it and wires its widgets.
- :mod:`ketamine_course.biomarkers`: biomarker studies of ketamine response, a simulated
  biomarker search with no real predictor, and the tryptophan pathway;
  :mod:`ketamine_course.biowidgets` wires their widgets.
- :mod:`ketamine_course.quiz`: "pause and predict" questions with feedback.
- :mod:`ketamine_course.syllabus`: the course map.
- :mod:`ketamine_course.support`: the not-medical-advice notice and where to get help.
- :mod:`ketamine_course.widgets`: ipywidgets wired to the functions above.
"""

__version__ = "0.1.0"
