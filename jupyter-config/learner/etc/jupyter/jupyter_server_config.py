"""The course's Jupyter server settings (copied into the environment by make lab and Binder).

Saved notebooks keep no widget views. Widget state is not saved (the lab's settings say so:
saving it would store a frozen copy of every widget), so a stored view could only show
"Error displaying widget: model not found" when the notebook is opened again. Without it,
the learner sees the cell and runs it to get the widget back.
"""

import warnings

import zmq

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(model: dict, **_: object) -> None:
    """Remove every widget view from a notebook's outputs before it is saved."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        if cell.get("outputs"):
            cell["outputs"] = [output for output in cell["outputs"]
                               if WIDGET_VIEW not in output.get("data", {})]


# `jupyter lab` applies the server's settings twice, and the second time traitlets warns that
# this hook "overrides" itself: a message nobody can act on.
warnings.filterwarnings(
    "ignore", message=r"Overriding existing pre_save_hook \(drop_widget_views\)")
c = get_config()  # noqa: F821 - provided by Jupyter when it reads this file
c.FileContentsManager.pre_save_hook = drop_widget_views
# Kernels talk to the server over encrypted sockets (CurveZMQ, which ipykernel supports);
# unencrypted, every kernel started prints a warning to the terminal that no learner can act on.
# (Only where pyzmq has CurveZMQ, as its wheels do: elsewhere the setting would stop kernels.)
if zmq.has("curve"):
    c.KernelManager.transport_encryption = "auto"
