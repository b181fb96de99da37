"""The consultant's data for the report beyond the profile: typed data sets (foot traffic, card
sales, population), a survey and indicators, each read and checked when the profile is, each
giving a chapter only when its data is there. Used by the `report` plugin."""
