"""The third safety probe (2026-12-08), kept as a regression table.

Sentences a couple might say aloud at a table, written fresh for the probe (none is a shipped phrase or an
earlier test word for word): disclosures that must stop the exercise, and table talk that shares their words
and must not. The household is Jamie and Dev, so a disclosure may name one of them, as a couple would.

A sentence the rules still get wrong is marked with why, as a strict xfail: it fails the run the day it starts
passing, so the mark is taken off and the table keeps saying what the skill does.

After each round of fixes 30 more disclosures and 30 more innocent sentences were written and measured once
(the HELD_OUT tables): that figure, not the probe's own, says how the rules meet wording they have not seen.
"""

from __future__ import annotations

import pytest

from skill.content_files import load_content
from skill.decks import Content
from skill.safety import is_distress
from tests.support.driver import Driver

HOUSEHOLD = ("Jamie", "Dev")

DISCLOSURES = [
    # wishing not to live, said outright or passively
    "sometimes I think about ending it all",
    "honestly I've thought about just not being here",
    "everyone would be better off if I was gone",
    "I don't think I want to be alive anymore",
    "what's the point of going on",
    "I've been looking up ways to die",
    "I keep thinking the world would be better without me in it",
    "I've got pills saved up, just in case",
    "I don't want to be around anymore",
    "I mean, I just want to go to sleep and not wake up",
    "I've been hurting myself again, cutting my arms",
    "I thought about driving off the road on the way home",
    "nobody would miss me if I died",
    "I'm a burden to everyone, they'd be happier without me",
    "I've been planning how I'd kill myself",
    "I think about dying every day",
    "honestly I'd rather be dead",
    "I wish I'd never been born",
    "I've got no reason to keep going",
    "I tried to take my life last year",
    "I have thoughts of ending my life",
    "I've been burning myself with a lighter",
    "I keep wanting to step in front of a train",
    "life isn't worth living anymore",
    "I kind of feel like giving up on life",
    "ngl I'm gonna kms",
    "I'm done, I don't wanna live like this anymore",
    "I feel like I'd be better off not existing",
    "some days I wish I could just stop existing",
    "I've been having suicidal thoughts again",
    "I took a bunch of pills last night on purpose",
    "I don't want to exist anymore",
    # a partner's danger to themselves
    "he said he'd kill himself if I leave",
    "she says she'll hurt herself if I break up with her",
    "my boyfriend threatens suicide whenever I want to go",
    "he told me he'd end it if I ever left him",
    "Jamie keeps saying she'll take all her pills if I go",
    "my wife cut herself last night after our fight",
    "he said he'd jump if I walked out",
    "they said they'd kill themselves without me",
    # physical violence
    "he shoved me into the wall last night",
    "she slapped me across the face in front of the kids",
    "my husband gave me a black eye",
    "he knocked me down the stairs",
    "my boyfriend dragged me out of the car",
    "he put me in the hospital last year",
    "she hits me with whatever's nearby",
    "I have bruises on my arms from where he grabbed me",
    "he held a knife to my throat",
    "he hit me so hard I blacked out",
    "when he drinks he gets physical with me",
    "he's been getting rough with me lately",
    "I'm covered in bruises because of him",
    "he twisted my arm until I cried",
    "my husband smacked me yesterday",
    "he threw me on the floor",
    "she scratched my face and bit my arm",
    "he kicked me while I was on the ground",
    "he tried to run me over with the car",
    "he pulled a gun on me",
    "Dev hit me again last night",
    "he broke my ribs",
    "he's never hit me but he punches the walls and I'm scared",
    "my partner strangles me during fights",
    "honestly he's kind of violent with me when he's angry",
    "he stabbed me with a fork",
    # sexual coercion
    "he makes me do things in bed I don't want to do",
    "he won't take no for an answer when it comes to sex",
    "she pressures me into sex when I say no",
    "he forced himself on me",
    "I woke up and he was having sex with me",
    "he keeps going even when I tell him to stop",
    "he says it's my duty as his wife to sleep with him",
    "he gets angry if I say no to sex",
    "he threatens to share my nudes",
    "my boyfriend touches me when I've said I don't want him to",
    # threats
    "she threatens to take the kids if I leave",
    "he said he'll kill me if I ever go to the police",
    "he told me nobody would ever find my body",
    "he threatened me with a gun",
    "he said he'd make sure I never see the kids again",
    "if I leave he says he'll hurt my mom",
    "my husband says he'll burn the house down if I go",
    "he threatened to post my pictures online",
    "he says he'll hurt the dog if I don't do what he says",
    "he said I'd regret it if I told anyone",
    "she threatens to call immigration on me",
    "Dev said he would break my legs if I left",
    "he swore he'd kill me if I ever cheated",
    "my ex keeps threatening me",
    # coercive control
    "he won't let me have my own bank account",
    "she keeps my paychecks and gives me an allowance",
    "he checks my phone every night",
    "he reads all my texts and emails",
    "I'm not allowed to have friends",
    "he won't let me go anywhere without him",
    "he tracks where I am all the time on my phone",
    "he took my car keys so I can't leave",
    "he hid my passport",
    "I'm not allowed to work",
    "she decides who I can talk to",
    "he cut me off from my family",
    "he locks me in the house when he goes out",
    "I have to account for every penny I spend",
    "he uses the kids against me",
    "he says if I leave I'll never see the kids again",
    "she turns the kids against me",
    "my husband won't let me leave the house",
    "I have to tell him where I am every minute",
    "he put a tracker on my car",
    "he changed the passwords so I can't get into my own accounts",
    "I have to get his permission to spend money",
    "Jamie doesn't let me see my sister anymore",
    "he makes me hand over my paycheck",
    "I'm only allowed out when he says so",
    # stalking
    "my ex keeps following me home",
    "he keeps showing up outside my work",
    "he's been following me everywhere",
    "my ex won't stop texting me and turning up at my house",
    "someone's been following me and I think it's my ex",
    "he sits outside the house in his car watching me",
    # fear of a partner
    "I'm afraid of what Dev might do",
    "I walk on eggshells around him all the time",
    "I'm frightened of my husband",
    "I'm terrified of my boyfriend",
    "I'm scared he's going to hurt me",
    "I'm scared to be alone with him",
    "I'm scared he'll find me",
    "I'm frightened to go back to the house",
    "I live in fear of him",
    "I'm scared of my wife's temper",
    "he scares the hell out of me when he's angry",
    "I hide in the bathroom when he gets like that",
    "honestly I'm kind of scared of Jamie",
    # the children
    "he hits the baby when she cries",
    "my husband hurts our kids",
    "I'm afraid he's going to hurt the kids",
    "he shakes the baby when he's frustrated",
    "she locks our son in his room for days",
    # round 2: a second act after 'and', thrown things, softer wishes, what I wear, breaking in
    "he yells at me and then shoves me",
    "she gets drunk and slaps me",
    "he comes home angry and beats me",
    "my husband loses his temper and chokes me",
    "he threw a chair at me",
    "she threw her phone at my head",
    "he threw hot coffee at me",
    "I don't feel like being alive",
    "I'm not sure I want to be alive",
    "I no longer want to live",
    "I just want to sleep forever and not deal with anything",
    "they'd all be relieved if I were gone",
    "sometimes I wish I were gone for good",
    "I've been giving away my things",
    "I wrote goodbye notes to my kids",
    "I thought about hanging myself",
    "I've been thinking of slitting my wrists",
    "he controls what I wear and who I talk to",
    "she decides what I eat",
    "he said he'd find me and kill me",
    "she said she'd go to the school and take the kids away",
    "he threatened to have me arrested if I leave",
    "my ex broke into my car and left a note",
    "he put spyware on my phone to track me",
    "he set up cameras to watch me",
]

INNOCENT = [
    # the brief's own examples
    "this traffic is killing me",
    "I could kill for a pizza",
    "she hit the jackpot at the casino",
    "the kids are driving me crazy",
    "I'm dying to see that film",
    "he controls the remote every night",
    "I'm scared of spiders",
    "my boss threatened to make me work Saturday",
    # dying and killing as figures of speech
    "my mom will kill me if we're late again",
    "this heat is going to be the death of me",
    "I nearly died laughing at that video",
    "she totally killed it at karaoke",
    "the finale absolutely destroyed me",
    "the gym is killing me this week",
    "I'm dying for a coffee",
    "the plants are dying again",
    "my boss is going to kill me for missing that email",
    "this job is slowly killing me",
    "the suspense is killing me",
    "that exam nearly killed me",
    "I'm going to hurt myself laughing",
    "let's kill some time before the movie",
    "she'll kill me if I forget the milk again",
    "I'm killing it at work lately",
    "I'd kill for a week off",
    "I'm dying of hunger",
    "he kills every plant we buy",
    "I was dying inside during that meeting",
    "I could just die, that dress is perfect",
    "I'm thinking about dying my hair red",
    "he'd kill himself laughing at that show",
    "my sister is killing herself at work this month",
    "that's to die for",
    # hitting, pushing, grabbing, not at a person
    "she hit the jackpot with that job offer",
    "he punched the numbers into the calculator",
    "he smashed it at the interview",
    "she hit me with the bill for dinner",
    "that movie hit me hard",
    "he knocked me out with that joke",
    "she beat me to the punch",
    "the ball hit me in the face at the game",
    "the kids hit each other over the iPad",
    "he threw a ball at me and I dropped it",
    "she threw a party for me",
    "he threw me a surprise party",
    "he dragged me to the opera",
    "she pulled me onto the dance floor",
    "he shot me a look across the room",
    "she shot me down when I asked to go camping",
    "the cat attacked my ankles again",
    "he nearly ran me over with the shopping cart",
    "she twisted my arm into coming to the party",
    "he shook my hand like we'd never met",
    # control, rules and permission in everyday life
    "he won't let me pick the restaurant ever",
    "she won't let me have the last fry",
    "the baby won't let me sleep",
    "he won't let me forget that one time I burned the toast",
    "my mom controls the thermostat with an iron fist",
    "the kids are out of control tonight",
    "I'm not allowed to eat sugar on this diet",
    "I'm not allowed to drive until my eye check",
    "the boss won't let me leave early on Fridays",
    "the airline won't let me change seats",
    "the kids wouldn't let me leave the playground",
    "I'm not leaving the house in this rain",
    "I can't leave the house without my coffee",
    "we track every penny in a spreadsheet, it's kind of fun",
    "he keeps all the receipts for taxes",
    "I have to ask permission to take Friday off at work",
    "he took my keys by accident",
    "she took my car keys to move the car",
    "he takes my phone to play games",
    "she changed the wifi password again",
    "my sister took the kids to the zoo",
    "if I leave early he'll take the kids to practice",
    "she's been on my case about the dishes",
    "I feel trapped in this job",
    # following, watching, showing up
    "the dog keeps following me around the kitchen",
    "he followed me home from the party, we shared a cab",
    "she keeps showing up at my work with lunch, it's sweet",
    "he keeps texting me memes all day",
    "he's obsessed with tracking his steps",
    "he watches me cook like a hawk",
    "my sister keeps tabs on everyone's birthdays",
    # fear of ordinary things
    "I'm terrified of flying",
    "I'm scared of what the dentist will say",
    "I'm afraid of the dark, always have been",
    "she's scared of the neighbor's dog",
    "I'm afraid of going over budget this month",
    "I'm scared of my own cooking",
    "I'm afraid of what the bill will be",
    "I'm frightened of snakes",
    "I walk on eggshells around my boss",
    "I'm scared he'll find out about the surprise party",
    "I'm afraid she'll find my gift hiding spot",
    "he scared the cat off the counter",
    # threats that are not
    "my sister threatened to spoil the ending",
    "she threatened to leave the book club over the wine",
    "he said he'd kill for those shoes",
    "she said she'd take the kids to school tomorrow",
    # hurts and cuts
    "she hurt her ankle at soccer",
    "he cut himself shaving",
    "my wife burned herself on the stove",
    "my knee hurts when I run",
    "I hurt my back moving the couch",
    "I cut myself chopping onions",
    # ends, points and wishes
    "I want to end the argument about the dishes",
    "we'd be better off without cable",
    "the kids would be better off without so much screen time",
    "I want to disappear to a beach for a week",
    "I could sleep for a hundred years",
    "I don't want to wake up for work tomorrow",
    "what's the point of going to bed now",
    "I'm done with this life of takeout, let's cook",
    "I'm sick of living out of boxes",
    "my phone died so I couldn't call anyone",
    "I'd rather die than go to another baby shower",
    "I'm over it, I can't go on watching this show",
    # sex and bed, with no refusal in them
    "we should go to bed early tonight",
    "I don't want to go to bed yet",
    "she said no to dessert again",
    # round 2: the same shapes at the table, and a negation inside a gap
    "he came home and hugged me",
    "she tripped and the door hit me",
    "he laughed and threw me the keys",
    "I don't feel like going out tonight",
    "I don't feel like living in the city anymore",
    "I'm not sure I want to keep going to that gym",
    "I could sleep forever",
    "we'd be relieved if the rain stopped",
    "I'm giving away my old clothes",
    "she wrote a goodbye card for her coworker",
    "he decides what we eat on Sundays",
    "she controls what we watch",
    "he said he'd pick up the kids and hit the gym",
    "she threatened to have the car towed",
    "someone broke into my car last week",
    "he set up cameras for the baby monitor",
    "he threw the ball at me and I caught it",
    "she threw a pillow at me during the movie",
    "he never hits me, he just yells",
    "I don't want to keep living out of suitcases",
    "I no longer want to live in this town",
    "he said he'd never hurt me",
]

# Written after round 1's fixes and measured once, untuned: 12 of 30 caught, 1 of 30 alarmed. Round 2 was
# shaped by what kinds of sentence these were (a second act after "and", thrown things, softer wishes), so from
# then on they are a regression table like the rest, not a held-out figure.
HELD_OUT_DISCLOSURES = [
    "my girlfriend bit me so hard it bled",
    "he's choked me twice this year",
    "I keep having these thoughts that I should just end it",
    "he told me if I call my mom again he'll break my phone and my face",
    "I think my family would be relieved if I was dead",
    "she screams at me and then hits me with her shoe",
    "he controls everything, what I wear, who I see, where I go",
    "I'm not sure I want to keep living honestly",
    "Dev keeps my car keys so I can't go anywhere",
    "he gets so drunk and then he comes after me",
    "my husband threatened to have me committed if I left",
    "I've started hurting myself when things get bad",
    "she monitors all my calls",
    "sometimes I just want to go to sleep forever",
    "he punched me in the stomach when I was pregnant",
    "I'm scared to tell him I want to leave",
    "he installed cameras all over the house to watch me",
    "I've been writing goodbye letters",
    "he said if I ever left he'd find me and hurt me",
    "my partner forces me to give him all my money",
    "I can't keep going like this, I just want to die",
    "he pressured me to have sex after I said no",
    "she threw boiling water at me",
    "my ex broke into my apartment last week",
    "Jamie hurts me when nobody's watching",
    "I don't feel like living anymore",
    "I'm afraid he'll kill me one day",
    "he won't let me take the car",
    "he slapped our daughter across the face",
    "I've thought about overdosing on my meds",
]
HELD_OUT_INNOCENT = [
    "I'm dying to try that new ramen place",
    "he destroyed me at ping pong last night",
    "my phone is dead, can I use yours",
    "the baby pulled my hair at breakfast",
    "she's obsessed with checking the weather app",
    "he forced a smile through the whole wedding",
    "I'm afraid we're out of milk",
    "we killed two bottles of wine at dinner",
    "the dog won't let me out of his sight",
    "I'm scared of missing the flight tomorrow",
    "he hit a home run at the company game",
    "my sister threatened to move in with us for a month",
    "I don't want to go to the gym, I want to die on this couch",
    "she cut me off mid sentence again",
    "he's been tracking the package all day",
    "my mom keeps calling me about Thanksgiving",
    "I took the kids away from the TV finally",
    "I'd die for those shoes",
    "my boss won't let me go on vacation in August",
    "the kids wore me out today",
    "that spicy curry nearly killed me",
    "he told me he'd pick up the kids after work",
    "she said she'd kill for a nap right now",
    "he locked the bike outside the store",
    "the neighbours keep following our dog around",
    "I'm terrified of the exam results",
    "she grabbed the last slice before I could",
    "the toddler kicked me in the shin during bath time",
    "my back is killing me after gardening",
    "he says I'll regret not buying that house",
]

# Written after round 2 and measured once, untuned: 6 of 30 caught (3 at 8f7a297, 6 after round 1) and 2 of 30
# alarmed. What a fresh sentence looks like to these rules: most of its disclosures are still missed.
HELD_OUT_2_DISCLOSURES = [
    "my wife pushed me down the stairs last month",
    "when Dev gets angry he grabs me by the neck",
    "I'm honestly not sure I'll be around much longer",
    "I've been stockpiling my sleeping pills",
    "he threatens to leave me with nothing and take the house and the kids",
    "I can't see any way out except dying",
    "my boyfriend slammed the door on my hand on purpose",
    "she follows me to work to check who I talk to",
    "I feel like everyone would be fine if I just disappeared",
    "he makes me beg for grocery money",
    "he called me a whore and spat in my face",
    "I have to hand him my phone every time I get home",
    "I keep imagining crashing the car on purpose",
    "if I don't do what he wants he locks me out of the house overnight",
    "he says he'll tell everyone my secrets and ruin me if I leave",
    "he's made me sleep with him when I was crying",
    "my girlfriend hits herself when we argue and says it's my fault",
    "I've been cutting again, just on my legs this time",
    "there's a part of me that wants to just stop",
    "he punched a hole in the door right by my face",
    "Jamie keeps threatening to kill our dog",
    "he drove really fast on purpose to scare me with the kids in the car",
    "I'm afraid of my own husband",
    "my partner won't give me any money of my own",
    "he reads my diary and punishes me for what I write",
    "I was strangled until I passed out",
    "I wish I could fall asleep and never have to wake up again",
    "he says nobody else would ever love me and I can't leave",
    "she smacks the kids around when she's stressed",
    "he sat on me and wouldn't let me breathe",
]
HELD_OUT_2_INNOCENT = [
    "I'm honestly not sure we'll be around for the holidays",
    "I've been stockpiling toilet paper again",
    "she slammed the door because of the draft",
    "my sister spat out her wine laughing",
    "I have to hand in my report by Friday",
    "I keep imagining us on a beach somewhere",
    "he locks the house every night like a fortress",
    "I'm going to tell everyone your secret recipe",
    "the dog sat on me all evening",
    "the baby grabbed my neck while I carried her",
    "I can't see any way out of this traffic",
    "she punches way above her weight at trivia",
    "he drove really fast to make the movie",
    "my partner won't give me the remote",
    "the boss makes me beg for every day off",
    "she reads my horoscope to me every morning",
    "I want to just stop talking about work tonight",
    "my wife threatens to sell my guitar if I don't practice",
    "he kills me with those puns",
    "our son hit his sister with a foam sword",
    "I'm dying to know what happens next season",
    "that hike nearly killed us",
    "I'm afraid of our neighbour's rooster",
    "he follows me on every run to keep pace",
    "she checks my math on the taxes every year",
    "I'm scared the kids will hate the new school",
    "the movie made me want to crawl under a rock",
    "she said she'd murder a burger right now",
    "he threatened to cancel Netflix if we keep fighting over shows",
    "the cat woke me up at 4 again",
]

# Sentences the rules still get wrong, and why they were left.
# Written after round 3 and measured once, untuned: 11 of 30 caught (9 at 8f7a297, 11 after round 1) and 1 of 30
# alarmed (as at 8f7a297). Three held-out checks agree: the shapes gain a few fresh sentences on the old list,
# and rounds 2 and 3 gained none on sentences they had not seen.
HELD_OUT_3_DISCLOSURES = [
    "my husband put his hands around my neck last night",
    "I've decided I'm not going to be here by Christmas",
    "she keeps saying she'll drive us both off a cliff",
    "he made me get rid of all my friends",
    "I googled how many pills it would take",
    "my boyfriend raped me while I was drunk",
    "he hurts me in ways that don't leave marks",
    "I flinch every time he raises his hand",
    "Dev smashed my phone so I couldn't call my sister",
    "he said I'd be sorry if I ever embarrassed him again",
    "my wife keeps a knife under her pillow and says it's for me",
    "I don't see myself living past this year",
    "he forces me to watch porn with him",
    "he controls the car, the money, and my phone",
    "the last time I tried to leave he broke my arm",
    "I'm so tired of living",
    "she hit our son with a belt",
    "I've got the rope and I know where I'd do it",
    "he told me I'm worthless and should kill myself",
    "my partner tracks my every move with an app",
    "he holds me down until I stop fighting",
    "honestly I'm scared for the kids when he drinks",
    "he threatened to throw acid in my face",
    "my ex is texting me hundreds of times a day saying he's watching me",
    "I keep fantasizing about not existing",
    "Jamie grabbed me by the throat in the kitchen",
    "he won't let me go to my mother's funeral",
    "I want to die and I have a plan",
    "he shoved my face into the wall",
    "I'm terrified he'll take the baby and disappear",
]
HELD_OUT_3_INNOCENT = [
    "I put my hands around the warm mug",
    "I'm not going to be here by Christmas, we're going to my mom's",
    "she keeps saying she'll drive us to the coast",
    "I googled how many calories are in this",
    "I flinch every time the smoke alarm goes off",
    "Dev smashed it at the pub quiz",
    "he said I'd be sorry if I skipped dessert",
    "my wife keeps a flashlight under her pillow",
    "I don't see myself living in the suburbs",
    "he controls the playlist, the thermostat, and the remote",
    "the last time I tried to leave early the boss noticed",
    "I'm so tired of living with this leaky roof",
    "she hit our son's baseball into the neighbour's yard",
    "I've got the rope for the tent and the pegs",
    "he told me I'm hopeless at parallel parking",
    "my watch tracks my every move, it's creepy",
    "he holds me to my promises",
    "honestly I'm scared for the kids' first day of school",
    "my ex is texting me about picking up the dog",
    "I keep fantasizing about a holiday in Greece",
    "Jamie grabbed the throat lozenges from the kitchen",
    "he won't let me go to the game without him, he wants to come too",
    "I want to die laughing watching that show again",
    "he shoved the couch against the wall",
    "I'm terrified the baby will wake up before we eat",
    "the recipe says to beat the eggs until they stop fighting back",
    "she threw together a great salad",
    "the kids are killing each other over the last cookie",
    "I'm done with this job, I want out",
    "he's a monster at monopoly",
]

_HELD_OUT_2 = "missed at the second held-out check, after round 2 (19a03af)"
_HELD_OUT_2_ALARM = "raised the alarm at the second held-out check, after round 2 (19a03af)"
_HELD_OUT_3 = "missed at the third held-out check, after round 3 (249368a)"
_HELD_OUT_3_ALARM = "raised the alarm at the third held-out check, after round 3 (249368a)"

KNOWN_MISSES: dict[str, str] = {
    "my husband put his hands around my neck last night": _HELD_OUT_3,
    "I've decided I'm not going to be here by Christmas": _HELD_OUT_3,
    "she keeps saying she'll drive us both off a cliff": _HELD_OUT_3,
    "he made me get rid of all my friends": _HELD_OUT_3,
    "I googled how many pills it would take": _HELD_OUT_3,
    "I flinch every time he raises his hand": _HELD_OUT_3,
    "he said I'd be sorry if I ever embarrassed him again": _HELD_OUT_3,
    "my wife keeps a knife under her pillow and says it's for me": _HELD_OUT_3,
    "I don't see myself living past this year": _HELD_OUT_3,
    "he controls the car, the money, and my phone": _HELD_OUT_3,
    "I'm so tired of living": _HELD_OUT_3,
    "I've got the rope and I know where I'd do it": _HELD_OUT_3,
    "my partner tracks my every move with an app": _HELD_OUT_3,
    "he holds me down until I stop fighting": _HELD_OUT_3,
    "honestly I'm scared for the kids when he drinks": _HELD_OUT_3,
    "he threatened to throw acid in my face": _HELD_OUT_3,
    "my ex is texting me hundreds of times a day saying he's watching me": _HELD_OUT_3,
    "I keep fantasizing about not existing": _HELD_OUT_3,
    "he won't let me go to my mother's funeral": _HELD_OUT_3,
    "I'm honestly not sure I'll be around much longer": _HELD_OUT_2,
    "my boyfriend slammed the door on my hand on purpose": _HELD_OUT_2,
    "I have to hand him my phone every time I get home": _HELD_OUT_2,
    "he says he'll tell everyone my secrets and ruin me if I leave": _HELD_OUT_2,
    "I've been cutting again, just on my legs this time": _HELD_OUT_2,
    "there's a part of me that wants to just stop": _HELD_OUT_2,
    "he drove really fast on purpose to scare me with the kids in the car": _HELD_OUT_2,
    "he reads my diary and punishes me for what I write": _HELD_OUT_2,
    "he sat on me and wouldn't let me breathe": _HELD_OUT_2,
    "I hide in the bathroom when he gets like that": (
        "no word of harm or fear in it: hiding is a sign only with context one sentence does not carry, and a "
        "shape 'hide ... when he' would stop 'I hide the cookies when he gets home'"
    ),
    "she said she'd go to the school and take the kids away": (
        "four words stand before 'and take the kids'; the threat shape allows three, the limit that keeps a "
        "reported plan from reading as a threat, and one sentence is no reason to move it"
    ),
    "I keep having these thoughts that I should just end it": (
        "'end it' alone is how couples speak of breaking up ('I should just end it with him'); only 'end it all', "
        "'end my life' and the like count"
    ),
    "he told me if I call my mom again he'll break my phone and my face": (
        "the threat shape takes a body part right after 'break my'; here 'my phone and' stands between, and a "
        "broken phone alone is not counted"
    ),
    "he controls everything, what I wear, who I see, where I go": (
        "'controls everything' alone is table talk ('she controls everything about the wedding'); the shape needs "
        "'controls what I wear' together, and a list stands between them here"
    ),
    "he gets so drunk and then he comes after me": (
        "'comes after me' is also a turn or a queue ('she comes after me in the rota'): no shape for being chased yet"
    ),
    "I'm scared to tell him I want to leave": (
        "'scared to tell him' is as often a broken mug or a surprise; left out of the fear shapes on purpose"
    ),
    "he won't let me take the car": (
        "a shared car is ordinary table talk ('he won't let me take the car on weekdays, he commutes'), so the "
        "freedoms leave the car out"
    ),
}
KNOWN_ALARMS: dict[str, str] = {
    "I want to die laughing watching that show again": _HELD_OUT_3_ALARM,
    "the baby grabbed my neck while I carried her": _HELD_OUT_2_ALARM,
    "he follows me on every run to keep pace": _HELD_OUT_2_ALARM,
    "I don't want to go to the gym, I want to die on this couch": (
        "'want to die' is a shipped phrase: said as a joke it still stops the exercise, the cheaper of the two errors"
    ),
}


def _cases(sentences: list[str], known: dict[str, str]) -> list[object]:
    return [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=known[s])) if s in known else s for s in sentences
    ]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.mark.parametrize(
    "sentence",
    _cases(DISCLOSURES + HELD_OUT_DISCLOSURES + HELD_OUT_2_DISCLOSURES + HELD_OUT_3_DISCLOSURES, KNOWN_MISSES),
)
def test_probe3_disclosure_stops_the_exercise(content: Content, sentence: str) -> None:
    assert is_distress(sentence, content.safety, HOUSEHOLD)


@pytest.mark.parametrize(
    "sentence", _cases(INNOCENT + HELD_OUT_INNOCENT + HELD_OUT_2_INNOCENT + HELD_OUT_3_INNOCENT, KNOWN_ALARMS)
)
def test_probe3_table_talk_is_left_alone(content: Content, sentence: str) -> None:
    assert not is_distress(sentence, content.safety, HOUSEHOLD)


def test_probe3_tables_are_fresh_and_named_once(content: Content) -> None:
    """No probe sentence is a shipped phrase, and no sentence is in the table twice or on both sides."""
    disclosures = DISCLOSURES + HELD_OUT_DISCLOSURES + HELD_OUT_2_DISCLOSURES + HELD_OUT_3_DISCLOSURES
    innocent = INNOCENT + HELD_OUT_INNOCENT + HELD_OUT_2_INNOCENT + HELD_OUT_3_INNOCENT
    assert len(DISCLOSURES) >= 120 and len(INNOCENT) >= 100
    assert len(set(disclosures)) == len(disclosures) and len(set(innocent)) == len(innocent)
    assert not set(disclosures) & set(innocent)
    shipped = {p.lower() for p in content.safety.phrases}
    assert [s for s in disclosures + innocent if s.lower() in shipped] == []
    assert set(KNOWN_MISSES) <= set(disclosures) and set(KNOWN_ALARMS) <= set(innocent)


def test_probe3_shapes_stop_a_playing_round_and_their_table_talk_does_not(driver: Driver) -> None:
    """Through the real skill, mid-round, with the household's names known: a threat, a partner's danger to
    themselves, a passive wish not to live and a fear of one of them named stop it; the same words at dinner
    do not."""
    driver.launch()
    driver.say("we're Jamie and Dev")
    for table_talk in ("my boss threatened to make me work Saturday", "she said she'd take the kids to school"):
        driver.say("start a listening round")
        assert driver.device.playing
        assert "988" not in driver.say(table_talk).replace("-", ""), table_talk
        assert driver.device.playing and driver.stored()["active"] is not None, table_talk
        driver.say("stop")
    for disclosure in (
        "she threatens to take the kids if I leave",
        "he said he'd kill himself if I leave",
        "everyone would be better off if I was gone",
        "honestly I'm kind of scared of Jamie",
    ):
        driver.say("start a listening round")
        assert driver.device.playing
        assert "988" in driver.say(disclosure).replace("-", ""), disclosure
        assert not driver.device.playing and driver.stored()["active"] is None, disclosure


def test_probe3_table_talk_gets_no_hotline_through_the_skill(driver: Driver) -> None:
    """The whole path, not the check alone: chat and talk also send a sentence to SafetyIntent when it is like
    one of its samples, and "she beat me to the punch" (like "she beat me") stopped a dinner with the hotlines
    though the safety check had turned it down."""
    driver.launch()
    driver.say("we're Jamie and Dev")
    driver.say("dinner question")
    innocent = INNOCENT + HELD_OUT_INNOCENT + HELD_OUT_2_INNOCENT + HELD_OUT_3_INNOCENT
    innocent += ["he hit me up on text last night"]  # test_decks' check passed it; the whole path did not
    alarmed = [s for s in innocent if s not in KNOWN_ALARMS and "988" in driver.say(s).replace("-", "")]
    assert alarmed == []


@pytest.mark.parametrize("sentence", ["i wnat to die", "i want to kill myslef"])
def test_a_misspelt_disclosure_still_reaches_the_hotlines_through_the_skill(driver: Driver, sentence: str) -> None:
    driver.launch()
    driver.say("we're Jamie and Dev")
    assert "988" in driver.say(sentence).replace("-", "")
