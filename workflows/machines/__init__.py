"""The state machines, one module each: states, transitions, who may run them.

Each machine is an abstract model that a domain model inherits. The transition
methods are pure (state and timestamps only); the workflow service in
``workflows.services`` does everything around them.
"""
