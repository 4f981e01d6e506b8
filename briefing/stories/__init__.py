"""Stories: group a mixed stream of articles into the stories they tell."""
