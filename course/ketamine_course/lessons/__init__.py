"""One module per lesson, named after its notebook; ``lNN_..._widgets`` holds its widgets' views.

==========================  =====================================================================
module                      what it holds
==========================  =====================================================================
``l00_start_here``          the relative-against-absolute risk widget
``l01_monoamine``           the timeline and the published response rates over time
``l01_monoamine_widgets``   the predictive-value and time-course widgets
``l02_nmda_mtorc1``         the NMDA-to-synapse pathway model and the experiments on it
``l02_nmda_mtorc1_widgets`` the pathway and evidence-map widgets
``l03_dosing_routes``       the pharmacokinetic model by route and its published observations
``l03_dosing_routes_widgets``  its figures and the routes and observation widgets
``l04_metabolism_inflammation``  biomarker studies, the simulated biomarker search, tryptophan
``l04_metabolism_inflammation_widgets``  the studies, search and tryptophan widgets
``l05_misuse_harm``         survey prevalence, the evidence on harms, the marketing claims
``l05_misuse_harm_widgets`` the prevalence, harms and claim-checker widgets
``l06_reading_seeds``       sentences, reworded phrases, hedges, boosters and citations in the seeds
``l06_reading_seeds_widgets``  the highlighter, claim cards and summary chart
==========================  =====================================================================
"""
