"""Adapters that run :func:`cleaner.clean` as a step of other tools' pipelines.

Each submodule imports its tool and is installed with the matching extra, e.g.
``pip install 'cleaner[datatrove]'`` for :mod:`cleaner.integrations.datatrove`. Importing this
package imports none of them.
"""
