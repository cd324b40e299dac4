"""Direct answers: what a question asks for, and the short span of a sentence that answers it."""
