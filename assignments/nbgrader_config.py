"""nbgrader settings for the course's assignments (this folder is the course root).

Every setting below is there for a reason a grader would care about; see
assignments/README.md for the instructor's steps.
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.CourseDirectory.course_id = "ketamine-evidence"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

# Grading a notebook: each cell gets 60 s (an infinite loop is interrupted and
# that cell scores zero; the rest of the notebook is still graded), and a
# deleted or edited test cell is put back from the gradebook before grading.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.OverwriteCells.add_missing_cells = True
c.LimitOutput.max_lines = 200

# Feedback pages and the Formgrader show a submission's Markdown and outputs as inert HTML: a
# <script>, an onerror= or a javascript: link written or printed by a student is escaped or
# removed (nbconvert's SanitizeHTML; the Formgrader renders with HTMLExporter's preprocessors).
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.preprocessors = ["nbconvert.preprocessors.sanitize.SanitizeHTML"]

# Feedback shows which tests failed and the message written for the student,
# never the hidden tests' code (nor their lines quoted in a traceback).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "ketamine_course.grading.instructor.feedback.ShortTracebacks",
    "nbconvert.preprocessors.sanitize.SanitizeHTML",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
