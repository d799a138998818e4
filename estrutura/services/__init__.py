"""Services: the only writers of estrutura data (each state change atomic and audited)."""
