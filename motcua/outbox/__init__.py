# SPDX-License-Identifier: MPL-2.0
"""The transactional outbox: messages written with a state change, delivered by a worker."""
